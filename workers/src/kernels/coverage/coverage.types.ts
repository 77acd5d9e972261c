import type { SegmentIndex } from './segment-index.kernel';
/** A point in a local planar CRS in metres: x east, y north (e.g. EPSG:6677 as PostGIS returns it). */
export type Vec = [x: number, y: number];
export type Polyline = Vec[];
/** A stretch along a polyline, in metres from its first vertex (linear referencing). */
export type Interval = [startM: number, endM: number];

export type DoriLevel = 'detect' | 'observe' | 'recognise' | 'identify';

export interface Camera {
  id: string | number;
  x: number;
  y: number;
  /** Clockwise from north (+y), degrees. */
  bearingDeg: number;
  /** Horizontal field of view in (0, 360]; 360 sees every direction. */
  hfovDeg: number;
  rangeM: number;
  /** Horizontal resolution; needed for a DORI level to shorten the range. */
  resolutionPx?: number | null;
  nightCapable?: boolean | null;
}

export interface Light {
  id: string | number;
  x: number;
  y: number;
  radiusM: number;
}

/** A polygon: first ring outer, the others holes; a multipolygon is given as several buildings. */
export interface Building {
  id: string | number;
  rings: Vec[][];
}

export interface CoverageLine {
  id: string | number;
  coords: Polyline;
}

export interface LineCoverageOptions {
  /** Buildings block sight lines (default true). */
  occlusion?: boolean;
  /** Shortens each camera's range to the distance giving this detail level. */
  dori?: DoriLevel;
  /** A camera counts only where it is night capable or the spot is lit (default false). */
  night?: boolean;
  /** Blind/dark spots shorter than this are left out of the spot lists (default 0). */
  minGapM?: number;
  /** Called now and then with the fraction of work done, 0..1. */
  progress?: (fraction: number) => void;
  /** `indexSegments(lines)` built earlier for these very lines (reused across runs). */
  segments?: SegmentIndex;
}

export interface LineCoverage {
  id: string | number;
  lengthM: number;
  seen: Interval[];
  lit: Interval[];
  seenM: number;
  litM: number;
  seenOrLitM: number;
  seenPct: number;
  litPct: number;
  seenOrLitPct: number;
  blindSpots: Interval[];
  darkSpots: Interval[];
  darkUnwatched: Interval[];
}

export interface CoverageTotals {
  lengthM: number;
  seenM: number;
  litM: number;
  seenOrLitM: number;
  seenPct: number;
  litPct: number;
  seenOrLitPct: number;
}

export interface LineCoverageResult {
  lines: LineCoverage[];
  totals: CoverageTotals;
}
