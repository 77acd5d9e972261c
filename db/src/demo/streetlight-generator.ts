import { bearing, destination, distance } from '@turf/turf';
import type { Position } from 'geojson';
import { LAMP_DEFAULT_RADIUS_M } from '../layers/layer-registry';
import { DEMO_DATASET, type DemoRow, type RoadLine } from './demo-types';
import type { Random } from './prng';

export interface StreetlightOptions {
  spacingM: number;
  /** Largest random shift along the road, either way. */
  jitterM: number;
  /** Lamps stand this far (range) beside the centre line, on either side. */
  sideOffsetM: readonly [number, number];
  /** No lamp closer than this to another one (real OSM lamps included). */
  minGapM: number;
  classes: readonly string[];
}

export const STREETLIGHT_DEFAULTS: StreetlightOptions = {
  spacingM: 30,
  jitterM: 3,
  sideOffsetM: [1.5, 3],
  minGapM: 12,
  classes: ['residential', 'unclassified', 'living_street', 'service'],
};

const LAMPS: readonly (readonly [string, number])[] = [['led', 85], ['fluorescent', 10], ['sodium', 5]];
const WATTS: Record<string, readonly number[]> = { led: [10, 15, 20], fluorescent: [20, 32], sodium: [70] };

/** Points every `spacingM` along a line (starting half a spacing in), with the local direction. */
export function pointsAlong(coords: readonly Position[], spacingM: number, shift: (i: number) => number): { at: Position; headingDeg: number }[] {
  const out: { at: Position; headingDeg: number }[] = [];
  if (coords.length < 2) return out;
  const seg = coords.slice(1).map((b, k) => distance(coords[k], b, { units: 'meters' }));
  const total = seg.reduce((a, b) => a + b, 0);
  let k = 0;
  let start = 0;
  for (let i = 0; ; i++) {
    const target = Math.min(Math.max(spacingM / 2 + i * spacingM + shift(i), 0), total);
    if (spacingM / 2 + i * spacingM > total) break;
    while (k < seg.length - 1 && start + seg[k] < target) start += seg[k++];
    if (seg[k] <= 0) continue;
    const headingDeg = bearing(coords[k], coords[k + 1]);
    out.push({ at: destination(coords[k], (target - start) / 1000, headingDeg).geometry.coordinates, headingDeg });
  }
  return out;
}

class SpacingIndex {
  private readonly cells = new Map<string, Position[]>();
  private static readonly CELL_DEG = 0.0005;

  constructor(private readonly minGapM: number) {}

  private key(p: Position, dx = 0, dy = 0): string {
    return `${Math.floor(p[0] / SpacingIndex.CELL_DEG) + dx},${Math.floor(p[1] / SpacingIndex.CELL_DEG) + dy}`;
  }

  isFree(p: Position): boolean {
    for (let dx = -1; dx <= 1; dx++) {
      for (let dy = -1; dy <= 1; dy++) {
        for (const q of this.cells.get(this.key(p, dx, dy)) ?? []) if (distance(p, q, { units: 'meters' }) < this.minGapM) return false;
      }
    }
    return true;
  }

  add(p: Position): void {
    const key = this.key(p);
    this.cells.set(key, [...(this.cells.get(key) ?? []), p]);
  }
}

/** Sample 防犯灯 every ~30 m along residential streets, kept apart from each other and from the real lamps. */
export function generateStreetlights(roads: readonly RoadLine[], realLamps: readonly Position[], rng: Random, options = STREETLIGHT_DEFAULTS): DemoRow[] {
  const index = new SpacingIndex(options.minGapM);
  realLamps.forEach((p) => index.add(p));
  const rows: DemoRow[] = [];
  const streets = roads.filter((r) => options.classes.includes(r.cls)).sort((a, b) => a.osmId - b.osmId);
  for (const road of streets) {
    const spots = pointsAlong(road.coordinates, options.spacingM, () => rng.range(-options.jitterM, options.jitterM));
    for (const { at, headingDeg } of spots) {
      const side = rng.chance(0.5) ? 90 : -90;
      const p = destination(at, rng.range(...options.sideOffsetM) / 1000, headingDeg + side).geometry.coordinates;
      const lampType = rng.weighted(LAMPS);
      const watts = rng.pick(WATTS[lampType]);
      if (!index.isFree(p)) continue;
      index.add(p);
      const number = String(rows.length + 1).padStart(4, '0');
      rows.push({
        externalId: `sample:streetlight:${number}`,
        sample: true,
        properties: {
          lamp_type: lampType,
          watts,
          mount_height_m: Math.round(rng.range(4.5, 6) * 10) / 10,
          radius_m: LAMP_DEFAULT_RADIUS_M[lampType],
          status: 'active',
          owner: '町会',
        },
        extra: { demo: DEMO_DATASET, along_road: `osm:way/${road.osmId}` },
        geometry: { type: 'Point', coordinates: [round7(p[0]), round7(p[1])] },
      });
    }
  }
  return rows;
}

export const round7 = (x: number): number => Math.round(x * 1e7) / 1e7;
