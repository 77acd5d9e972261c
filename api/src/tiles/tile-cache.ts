/** Bookkeeping cost of one entry besides its bytes (key, map slot, Buffer header). */
const ENTRY_OVERHEAD_BYTES = 96;

interface Entry {
  body: Buffer;
  /** What names the content (the tile's ETag), kept for conditional requests. */
  tag: string;
}

/**
 * In-memory LRU of encoded tiles, bounded by bytes rather than entries: tile sizes range from
 * empty to megabytes. Entries stay until evicted or invalidated: an edit removes only the tiles
 * it touched (see TileFreshness), so the rest of a layer stays cached across edits.
 */
export class TileCache {
  private readonly entries = new Map<string, Entry>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get bytes(): number {
    return this.used;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): Buffer | undefined {
    return this.entry(key)?.body;
  }

  entry(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  set(key: string, tile: Buffer, tag = ''): void {
    const cost = costOf(key, tile);
    if (cost > this.maxBytes) return;
    this.delete(key);
    this.entries.set(key, { body: tile, tag });
    this.used += cost;
    for (const [oldest, old] of this.entries) {
      if (this.used <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.used -= costOf(oldest, old.body);
    }
  }

  /** Drops every entry whose key starts with `prefix` and satisfies `stale`; returns how many. */
  invalidate(prefix: string, stale: (key: string) => boolean): number {
    let dropped = 0;
    for (const key of [...this.entries.keys()]) {
      if (key.startsWith(prefix) && stale(key)) {
        this.delete(key);
        dropped++;
      }
    }
    return dropped;
  }

  private delete(key: string): void {
    const entry = this.entries.get(key);
    if (entry === undefined) return;
    this.entries.delete(key);
    this.used -= costOf(key, entry.body);
  }
}

function costOf(key: string, tile: Buffer): number {
  return tile.length + key.length * 2 + ENTRY_OVERHEAD_BYTES;
}
