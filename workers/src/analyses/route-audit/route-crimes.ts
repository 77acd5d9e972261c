/** A block (町丁目) a route crosses, with its recorded crime per year. */
export interface CrossedBlock {
  blockId: number;
  code: string;
  name: string;
  /** Metres of the route inside the block (0 where it only touches it). */
  insideM: number;
  byYear: Record<string, number>;
}

/** Crime along one route: the blocks it crosses, added up (a block counts once per route). */
export interface RouteCrimes {
  year: string | null;
  total: number;
  perKm: number;
  blocks: number;
  worstBlock: string | null;
  worstBlockCode: string | null;
  worstBlockTotal: number;
}

const YEAR = /^\d{4}$/;
const r2 = (x: number) => Math.round(x * 100) / 100;

/**
 * Totals per year of a `blocks.crimes` record, `{"2025": {"total": 64, "burglary": 2}}`: the
 * `total`, or the sum of the offence counts when a year has no total.
 */
export function yearTotals(crimes: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  if (typeof crimes !== 'object' || crimes === null || Array.isArray(crimes)) return out;
  for (const [year, value] of Object.entries(crimes as Record<string, unknown>)) {
    if (!YEAR.test(year)) continue;
    if (typeof value === 'number' && Number.isFinite(value)) {
      out[year] = value;
    } else if (typeof value === 'object' && value !== null) {
      const counts = value as Record<string, unknown>;
      const total = counts.total;
      out[year] =
        typeof total === 'number' && Number.isFinite(total)
          ? total
          : Object.values(counts).reduce<number>((s, v) => s + (typeof v === 'number' && Number.isFinite(v) ? v : 0), 0);
    }
  }
  return out;
}

/** The year reported: the one asked for, else the latest year any crossed block has. */
export function crimeYearOf(blocks: readonly CrossedBlock[], asked?: string): string | null {
  if (asked) return asked;
  let latest: string | null = null;
  for (const b of blocks) for (const y of Object.keys(b.byYear)) if (latest === null || y > latest) latest = y;
  return latest;
}

export function routeCrimes(blocks: readonly CrossedBlock[], lengthM: number, year: string | null): RouteCrimes {
  let total = 0;
  let worst: CrossedBlock | null = null;
  for (const b of blocks) {
    const n = year ? (b.byYear[year] ?? 0) : 0;
    total += n;
    if (year && n > 0 && (!worst || n > (worst.byYear[year] ?? 0))) worst = b;
  }
  return {
    year,
    total,
    perKm: lengthM > 0 ? r2(total / (lengthM / 1000)) : 0,
    blocks: blocks.length,
    worstBlock: worst?.name ?? null,
    worstBlockCode: worst?.code ?? null,
    worstBlockTotal: worst && year ? (worst.byYear[year] ?? 0) : 0,
  };
}

/** Totals per year over the crossed blocks (every year any of them records). */
export function crimesByYear(blocks: readonly CrossedBlock[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const b of blocks) for (const [y, n] of Object.entries(b.byYear)) out[y] = (out[y] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}
