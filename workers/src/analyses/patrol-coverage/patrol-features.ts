import type { ResultFeature } from '../../handlers/analysis-handler';
import type { BeatPatrol, PatrolCoverage, RoadPatrol, UnitPatrol } from '../../kernels/patrol';
import type { BeatRow } from './patrol.repository';

export interface RoadInfo {
  id: number;
  name: string | null;
  class: string;
  geometry: object;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;
const iso = (s: number | null) => (s === null ? null : new Date(Math.round(s * 1000)).toISOString());

function roadProperties(road: RoadInfo, r: RoadPatrol): Record<string, unknown> {
  return {
    roadId: r.roadId,
    name: road.name,
    class: road.class,
    lengthM: r1(r.lengthM),
    passes: r.passes,
    lastPassAt: iso(r.lastPassAt),
    dwellS: r1(r.dwellS),
    units: r.units,
    coveredM: r1(r.coveredM),
    coveredPct: r2(r.coveredPct),
    passed: r.passed,
  };
}

/** One `segment` per road; roads not passed also appear as `unpatrolled`, with the beats they run through. */
export function roadFeatures(roads: readonly RoadInfo[], result: PatrolCoverage): ResultFeature[] {
  const beatsOfRoad = new Map<number, number[]>();
  for (const beat of result.beats) for (const id of beat.unpatrolled) beatsOfRoad.set(id, [...(beatsOfRoad.get(id) ?? []), beat.beatId]);
  return roads.flatMap((road, i) => {
    const r = result.roads[i];
    const segment: ResultFeature = { kind: 'segment', geometry: road.geometry, properties: roadProperties(road, r) };
    if (r.passed) return [segment];
    const unpatrolled: ResultFeature = {
      kind: 'unpatrolled',
      geometry: road.geometry,
      properties: { roadId: r.roadId, name: road.name, class: road.class, lengthM: r1(r.lengthM), coveredPct: r2(r.coveredPct), beats: beatsOfRoad.get(road.id) ?? [] },
    };
    return [segment, unpatrolled];
  });
}

export function beatFeature(row: BeatRow, b: BeatPatrol): ResultFeature {
  return {
    kind: 'beat',
    geometry: row.geometry,
    properties: {
      beatId: b.beatId,
      code: row.code,
      name: row.name,
      post: row.post,
      patrolKm: r3(b.patrolKm),
      patrolHours: r3(b.patrolHours),
      untimedKm: r3(b.untimedKm),
      streetM: r1(b.streetM),
      passedStreetM: r1(b.passedStreetM),
      passedPct: r2(b.passedPct),
      coveredPct: r2(b.coveredPct),
      unpatrolledCount: b.unpatrolled.length,
      unpatrolled: b.unpatrolled,
    },
  };
}

export function unitFeature(u: UnitPatrol): ResultFeature {
  return { kind: 'unit', geometry: null, properties: { unit: u.unit, kinds: u.kinds, patrols: u.patrols, km: r3(u.km), hours: r3(u.hours) } };
}

export function patrolSummary(result: PatrolCoverage): Record<string, unknown> {
  const s = result.summary;
  const streetM = result.beats.reduce((sum, b) => sum + b.streetM, 0);
  const passedM = result.beats.reduce((sum, b) => sum + b.passedStreetM, 0);
  return {
    tracks: s.tracksInPeriod,
    tracksConsidered: s.tracks,
    km: r3(s.km),
    hours: r3(s.hours),
    untimedTracks: s.untimedTracks,
    untimedKm: r3(s.untimedKm),
    untimedExcludedKm: r3(s.untimedExcludedKm),
    roads: s.roads,
    passedRoads: s.passedRoads,
    unpatrolledRoads: s.roads - s.passedRoads,
    beats: result.beats.length,
    passedPct: streetM > 0 ? r2((100 * passedM) / streetM) : 0,
    units: result.units.length,
  };
}
