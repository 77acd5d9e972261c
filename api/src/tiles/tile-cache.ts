/** Bookkeeping cost of one entry besides its bytes (key, map slot, Buffer header). */
const ENTRY_OVERHEAD_BYTES = 96;

/**
 * In-memory LRU of encoded tiles, bounded by bytes rather than entries: tile sizes range from
 * empty to megabytes. Keys carry the layer version, so stale tiles are never read again and
 * simply age out.
 */
export class TileCache {
  private readonly entries = new Map<string, Buffer>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Buffer | undefined {
    const tile = this.entries.get(key);
    if (tile === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, tile);
    return tile;
  }

  set(key: string, tile: Buffer): void {
    const cost = costOf(key, tile);
    if (cost > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, tile);
    this.used += cost;
    for (const [oldest, old] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= costOf(oldest, old);
    }
  }

  private delete(key: string): void {
    const tile = this.entries.get(key);
    if (tile === undefined) return;
    this.entries.delete(key);
    this.used -= costOf(key, tile);
  }
}

function costOf(key: string, tile: Buffer): number {
  return tile.length + key.length * 2 + ENTRY_OVERHEAD_BYTES;
}
