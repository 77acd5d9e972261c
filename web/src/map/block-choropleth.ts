import type { Map as MaplibreMap } from 'maplibre-gl';
import type { ApiClient, GeoFeature } from '../api/client';
import { CHOROPLETH_COLORS } from './layers/blocks';

export const CHOROPLETH_MODES = ['none', 'crimes', 'households'] as const;
export type ChoroplethMode = (typeof CHOROPLETH_MODES)[number];

export interface ChoroplethClass {
  readonly color: string;
  readonly from: number;
  readonly to: number;
}

export interface ChoroplethLegend {
  readonly mode: ChoroplethMode;
  /** The year the crime counts are of. */
  readonly year: string | null;
  readonly classes: readonly ChoroplethClass[];
}

const CLASSES = CHOROPLETH_COLORS.length;

/** The latest year of a block's `crimes` (`{"2025": {"total": 64, …}}`), or null. */
export function latestCrimeYear(crimes: unknown): string | null {
  if (!crimes || typeof crimes !== 'object') return null;
  const years = Object.keys(crimes).filter((key) => /^\d{4}$/.test(key));
  return years.length > 0 ? years.sort().at(-1)! : null;
}

/** A block's value for the mode: its households, or its recorded crimes of `year` (total, else the sum by type). */
export function blockValue(properties: Readonly<Record<string, unknown>>, mode: ChoroplethMode, year: string | null): number | null {
  if (mode === 'households') return typeof properties.households === 'number' ? properties.households : null;
  if (mode !== 'crimes' || !year) return null;
  const byType = (properties.crimes as Record<string, unknown> | undefined)?.[year];
  if (!byType || typeof byType !== 'object') return null;
  const counts = byType as Record<string, unknown>;
  if (typeof counts.total === 'number') return counts.total;
  const values = Object.values(counts).filter((v): v is number => typeof v === 'number');
  return values.length > 0 ? values.reduce((a, b) => a + b, 0) : null;
}

/**
 * Quantile classes: each holds about a fifth of the blocks. `to` is the largest value of the
 * class; equal values never straddle two classes.
 */
export function quantileClasses(values: readonly number[]): ChoroplethClass[] {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const classes: ChoroplethClass[] = [];
  let start = 0;
  for (let k = 0; k < CLASSES && start < sorted.length; k++) {
    let end = Math.max(start, Math.ceil(((k + 1) * sorted.length) / CLASSES) - 1);
    while (end + 1 < sorted.length && sorted[end + 1] === sorted[end]) end++;
    classes.push({ color: CHOROPLETH_COLORS[k], from: sorted[start], to: sorted[end] });
    start = end + 1;
  }
  return classes;
}

export function classIndex(value: number, classes: readonly ChoroplethClass[]): number {
  const index = classes.findIndex((c) => value <= c.to);
  return index < 0 ? classes.length - 1 : index;
}

/** Shades blocks by crimes or households through feature-state on the blocks tiles. */
export class BlockChoropleth {
  private blocks: readonly GeoFeature[] | null = null;
  private current: ChoroplethLegend = { mode: 'none', year: null, classes: [] };

  constructor(
    private readonly map: MaplibreMap,
    private readonly api: ApiClient,
  ) {}

  get legend(): ChoroplethLegend {
    return this.current;
  }

  async setMode(mode: ChoroplethMode): Promise<ChoroplethLegend> {
    if (mode !== 'none' && !this.blocks) this.blocks = (await this.api.features('blocks', { limit: 10000 })).features;
    const blocks = this.blocks ?? [];
    const year = mode === 'crimes' ? (blocks.map((b) => latestCrimeYear(b.properties.crimes)).filter(Boolean).sort().at(-1) ?? null) : null;
    const values = new Map<string | number, number>();
    for (const block of blocks) {
      const value = blockValue(block.properties, mode, year);
      if (value !== null && block.id !== undefined) values.set(block.id, value);
    }
    this.current = { mode, year, classes: quantileClasses([...values.values()]) };
    this.apply(values);
    return this.current;
  }

  /** Sets the states again (after the style or the user changed, which may drop them). */
  reapply(): void {
    if (this.current.mode !== 'none') void this.setMode(this.current.mode);
  }

  private apply(values: ReadonlyMap<string | number, number>): void {
    if (!this.map.getSource('blocks')) return;
    this.map.removeFeatureState({ source: 'blocks', sourceLayer: 'blocks' });
    for (const [id, value] of values) {
      this.map.setFeatureState({ source: 'blocks', sourceLayer: 'blocks', id }, { choropleth: classIndex(value, this.current.classes) / CLASSES });
    }
  }
}
