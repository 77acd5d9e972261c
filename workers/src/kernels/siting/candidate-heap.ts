/**
 * Binary max-heap of (key, candidate) in two typed arrays: no allocation after construction.
 * Equal keys come out lowest candidate first, so lazy and naive greedy pick the same sites.
 */
export class CandidateHeap {
  private readonly keys: Float64Array;
  private readonly ids: Int32Array;
  private count = 0;

  constructor(capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends without ordering; call `heapify()` once all are in. */
  append(id: number, key: number): void {
    this.keys[this.count] = key;
    this.ids[this.count] = id;
    this.count++;
  }

  heapify(): void {
    for (let p = (this.count >> 1) - 1; p >= 0; p--) this.siftDown(p);
  }

  topId(): number {
    return this.ids[0];
  }

  topKey(): number {
    return this.keys[0];
  }

  replaceTopKey(key: number): void {
    this.keys[0] = key;
    this.siftDown(0);
  }

  pop(): void {
    this.count--;
    if (this.count === 0) return;
    this.keys[0] = this.keys[this.count];
    this.ids[0] = this.ids[this.count];
    this.siftDown(0);
  }

  private siftDown(start: number): void {
    const { keys, ids } = this;
    const key = keys[start];
    const id = ids[start];
    let p = start;
    for (;;) {
      let child = 2 * p + 1;
      if (child >= this.count) break;
      const right = child + 1;
      if (right < this.count && (keys[right] > keys[child] || (keys[right] === keys[child] && ids[right] < ids[child]))) {
        child = right;
      }
      if (keys[child] < key || (keys[child] === key && ids[child] > id)) break;
      keys[p] = keys[child];
      ids[p] = ids[child];
      p = child;
    }
    keys[p] = key;
    ids[p] = id;
  }
}
