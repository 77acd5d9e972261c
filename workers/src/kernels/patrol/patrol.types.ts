import type { Interval, Vec } from '../coverage/coverage.types';

/** A patrol track in metres: x, y and t (epoch seconds; NaN when the time is unknown) per vertex. */
export interface PatrolTrack {
  id: number;
  unit: string;
  kind: string;
  xyt: ArrayLike<number>;
  /** Recorded start and end (epoch seconds), used only to place untimed stretches in a period. */
  startedAt: number | null;
  endedAt: number | null;
}

export interface PatrolRoad {
  id: number;
  coords: Vec[];
}

/** A beat (or any area) in metres: every ring of every part. */
export interface PatrolBeat {
  id: number;
  rings: Vec[][];
}

export interface TimeWindow {
  /** Epoch seconds, [fromS, toS). */
  fromS: number;
  toS: number;
  /** Daily window in seconds after local midnight (Asia/Tokyo); from > to wraps past midnight. */
  hours?: { fromS: number; toS: number };
}

export interface PatrolOptions {
  /** A track point matches a road within this distance. */
  toleranceM: number;
  /** Track and road directions may differ by at most this angle (either way along the road). */
  headingToleranceDeg: number;
  /** A road is passed when at least this share of its length lies within tolerance of a matching track. */
  minCoveredPct: number;
  /** Tracks are matched every `stepM` metres. */
  stepM: number;
  /** Matching stays on the current road unless another is closer by more than this. */
  hysteresisM: number;
}

export const PATROL_DEFAULTS: PatrolOptions = {
  toleranceM: 15,
  headingToleranceDeg: 45,
  minCoveredPct: 50,
  stepM: 5,
  hysteresisM: 2,
};

/** A stretch of a track kept by the time filter: x, y, t triples. */
export interface TrackPiece {
  track: number;
  xyt: Float64Array;
}

export interface RoadPatrol {
  roadId: number;
  lengthM: number;
  /** Separate runs of a track along the road (leaving and coming back counts again). */
  passes: number;
  /** Epoch seconds of the latest timed moment on the road; null when no timed pass. */
  lastPassAt: number | null;
  dwellS: number;
  units: string[];
  coveredM: number;
  coveredPct: number;
  passed: boolean;
  covered: Interval[];
}

export interface BeatPatrol {
  beatId: number;
  patrolKm: number;
  patrolHours: number;
  untimedKm: number;
  streetM: number;
  passedStreetM: number;
  coveredStreetM: number;
  passedPct: number;
  coveredPct: number;
  unpatrolled: number[];
}

export interface UnitPatrol {
  unit: string;
  kinds: string[];
  patrols: number;
  km: number;
  hours: number;
}

export interface PatrolSummary {
  tracks: number;
  tracksInPeriod: number;
  untimedTracks: number;
  untimedKm: number;
  /** Untimed stretches left out because an hours-of-day filter needs times. */
  untimedExcludedKm: number;
  km: number;
  hours: number;
  roads: number;
  passedRoads: number;
}

export interface PatrolCoverage {
  roads: RoadPatrol[];
  beats: BeatPatrol[];
  units: UnitPatrol[];
  summary: PatrolSummary;
}
