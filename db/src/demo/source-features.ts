import { centerOfMass } from '@turf/turf';
import type { Position } from 'geojson';
import type { BBox, Block, Koban, RoadLine, School } from './demo-types';
import type { DemoSources, Tags } from './source-data';

/** Plain domain objects read from the sources, shared by the real-layer mappers and the generators. */
export interface SourceFeatures {
  roads: RoadLine[];
  /** Bounding box of the OSM extract (from the roads). */
  bbox: BBox;
  blocks: Block[];
  kobans: Koban[];
  elementarySchools: School[];
  cameraSites: CameraSite[];
  streetLamps: Position[];
}

export interface CameraSite {
  osmId: number;
  kind: 'crossing' | 'traffic_signals';
  position: Position;
}

/** Fallback station for a koban whose OSM name does not say it (the demo police organisation). */
export const DEFAULT_STATION = '戸塚警察署';

export function osmExternalId(tags: Tags, fallbackType: 'node' | 'way'): string {
  return `osm:${tags.osm_type ?? fallbackType}/${tags.osm_id}`;
}

export function roadBBox(roads: readonly RoadLine[]): BBox {
  const box: BBox = [Infinity, Infinity, -Infinity, -Infinity];
  for (const road of roads) {
    for (const [x, y] of road.coordinates) {
      box[0] = Math.min(box[0], x);
      box[1] = Math.min(box[1], y);
      box[2] = Math.max(box[2], x);
      box[3] = Math.max(box[3], y);
    }
  }
  return box;
}

/** 新宿警察署百人町交番 → station 新宿警察署, post 百人町交番. */
export function parseKobanName(name: string): { post: string; station: string } {
  const m = /^(.+?警察署)\s*(.+)$/.exec(name);
  return m ? { station: m[1], post: m[2] } : { station: DEFAULT_STATION, post: name };
}

/** 新宿区立 戸山小学校 → 戸山小学校 */
export function shortSchoolName(name: string): string {
  const parts = name.trim().split(/\s+/);
  return parts[parts.length - 1];
}

/**
 * External ids of the census blocks: `estat:<KEY_CODE>`; a 町丁 split into several polygons
 * (山吹町) gets `/2`, `/3`… on its smaller parts.
 */
export function blockExternalIds(features: readonly { properties: Tags }[]): string[] {
  const partsByCode = new Map<string, number[]>();
  features.forEach((f, i) => {
    const code = String(f.properties.KEY_CODE);
    partsByCode.set(code, [...(partsByCode.get(code) ?? []), i]);
  });
  const ids: string[] = [];
  for (const [code, indices] of partsByCode) {
    const bySize = [...indices].sort((a, b) => Number(features[b].properties.AREA ?? 0) - Number(features[a].properties.AREA ?? 0));
    bySize.forEach((index, rank) => (ids[index] = rank === 0 ? `estat:${code}` : `estat:${code}/${rank + 1}`));
  }
  return ids;
}

function nullableInt(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? Math.round(value) : null;
}

export function readSourceFeatures(sources: DemoSources): SourceFeatures {
  const roads: RoadLine[] = sources.roads.features.map((f) => ({
    osmId: Number(f.properties.osm_id),
    cls: String(f.properties.highway),
    name: f.properties.name == null ? null : String(f.properties.name),
    coordinates: f.geometry.coordinates,
  }));
  const blockIds = blockExternalIds(sources.blocks.features);
  const blocks: Block[] = sources.blocks.features.map((f, i) => ({
    externalId: blockIds[i],
    code: String(f.properties.KEY_CODE),
    name: String(f.properties.S_NAME),
    population: nullableInt(f.properties.JINKO),
    households: nullableInt(f.properties.SETAI),
    centroid: centerOfMass(f).geometry.coordinates,
    geometry: f.geometry,
  }));
  const points = (pred: (t: Tags) => boolean) => sources.pois.features.filter((f) => pred(f.properties));
  const kobans: Koban[] = points((t) => t.amenity === 'police').map((f) => ({
    externalId: osmExternalId(f.properties, 'node'),
    name: String(f.properties.name),
    ...parseKobanName(String(f.properties.name)),
    position: f.geometry.coordinates,
  }));
  const elementarySchools: School[] = points((t) => t.amenity === 'school' && typeof t.name === 'string' && t.name.includes('小学校')).map((f) => ({
    externalId: osmExternalId(f.properties, 'way'),
    name: String(f.properties.name),
    shortName: shortSchoolName(String(f.properties.name)),
    position: f.geometry.coordinates,
  }));
  const cameraSites: CameraSite[] = points((t) => t.highway === 'crossing' || t.highway === 'traffic_signals').map((f) => ({
    osmId: Number(f.properties.osm_id),
    kind: f.properties.highway as CameraSite['kind'],
    position: f.geometry.coordinates,
  }));
  const streetLamps = points((t) => t.highway === 'street_lamp').map((f) => f.geometry.coordinates);
  return { roads, bbox: roadBBox(roads), blocks, kobans, elementarySchools, cameraSites, streetLamps };
}
