/**
 * Coalesced reads of something that changes rarely but must never be stale (layer versions).
 * A caller gets the result of a read that started after it asked, so a write committed before
 * the request is always seen; callers arriving while a read is in flight share the next one.
 * Under load this turns one query per request into one query per round trip.
 */
export class VersionReads<T> {
  private current?: Promise<T>;
  private next?: Promise<T>;

  constructor(private readonly read: () => Promise<T>) {}

  get(): Promise<T> {
    if (!this.current) return (this.current = this.start());
    // The read in flight may have started before this call: wait for the one after it.
    this.next ??= this.current.then(
      () => this.promote(),
      () => this.promote(),
    );
    return this.next;
  }

  private start(): Promise<T> {
    const read = this.read();
    const settle = () => {
      if (this.current === read) this.current = undefined;
    };
    read.then(settle, settle);
    return read;
  }

  private promote(): Promise<T> {
    this.next = undefined;
    this.current = this.start();
    return this.current;
  }
}
