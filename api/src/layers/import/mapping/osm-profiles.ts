import type { LayerDefinition, LayerId } from '@mimamori/db';
import type { GeoJsonGeometry } from '../../geojson-types';
import { enumValue, parseNumber } from './value-coercion';

/** What an OSM object becomes in a layer: properties from its tags, or why it is not this layer's. */
export type OsmMatch = { properties: Record<string, unknown>; consumed: readonly string[] } | { skip: string };

export type OsmTags = Record<string, unknown>;

/** Facility kinds by OSM tag; the first match wins. */
const FACILITY_KINDS: readonly { key: string; values: readonly string[]; kind: string }[] = [
  { key: 'amenity', values: ['police'], kind: 'koban' },
  { key: 'amenity', values: ['school', 'kindergarten'], kind: 'school' },
  { key: 'railway', values: ['station'], kind: 'station' },
  { key: 'public_transport', values: ['station'], kind: 'station' },
  { key: 'shop', values: ['convenience'], kind: 'convenience' },
  { key: 'emergency', values: ['assembly_point'], kind: 'shelter' },
];

/** A name for OSM facilities that have none (facilities require one), as the demo data does. */
const UNNAMED: Record<string, string> = {
  koban: '交番 (名称未登録)',
  school: '学校 (名称未登録)',
  station: '駅 (名称未登録)',
  convenience: 'コンビニ (名称未登録)',
  shelter: '避難場所 (名称未登録)',
};

const LAMP_TYPES = ['led', 'fluorescent', 'mercury', 'sodium', 'metal_halide', 'unknown'];

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : typeof v === 'number' ? String(v) : null);

function roads(tags: OsmTags, type: string): OsmMatch {
  const highway = text(tags.highway);
  if (!highway || type !== 'way') return { skip: 'not a road (roads take OSM ways tagged highway=*)' };
  return { properties: { class: highway, name: text(tags.name) }, consumed: ['highway', 'name'] };
}

function buildings(tags: OsmTags, type: string): OsmMatch {
  const building = text(tags.building);
  if (!building || building === 'no') return { skip: 'not a building (building=*)' };
  if (type === 'node') return { skip: 'a building node (buildings take outlines: ways and multipolygons)' };
  const levels = parseNumber(text(tags['building:levels']) ?? '');
  return {
    properties: {
      name: text(tags.name),
      levels: levels !== null && Number.isInteger(levels) ? levels : null,
      height_m: parseNumber(text(tags.height) ?? ''),
    },
    consumed: ['name', 'building:levels', 'height'],
  };
}

function facilities(tags: OsmTags): OsmMatch {
  const match = FACILITY_KINDS.find((k) => k.values.includes(String(tags[k.key] ?? '')));
  if (!match) return { skip: 'not a facility (amenity=police/school/kindergarten, railway=station, shop=convenience, emergency=assembly_point)' };
  return { properties: { kind: match.kind, name: text(tags.name) ?? UNNAMED[match.kind] }, consumed: ['name'] };
}

function streetlights(tags: OsmTags): OsmMatch {
  if (tags.highway !== 'street_lamp') return { skip: 'not a street lamp (highway=street_lamp)' };
  const method = text(tags.lamp_type) ?? text(tags['light:method']);
  return {
    properties: {
      lamp_type: (method && enumValue(LAMP_TYPES, method.replace('high_pressure_', '').replace('low_pressure_', ''))) ?? 'unknown',
      mount_height_m: parseNumber(text(tags.height) ?? ''),
    },
    consumed: ['highway', 'lamp_type', 'light:method', 'height'],
  };
}

const PROFILES: Partial<Record<LayerId, (tags: OsmTags, type: string) => OsmMatch>> = { roads, buildings, facilities, streetlights };

export const OSM_LAYERS = Object.keys(PROFILES);

export function hasOsmProfile(layer: LayerDefinition): boolean {
  return Object.hasOwn(PROFILES, layer.id);
}

/** Whether a record's columns look like OpenStreetMap data (osm_id, @id like "way/123"). */
export function isOsmRecord(columns: Record<string, unknown>): boolean {
  return 'osm_id' in columns || (typeof columns['@id'] === 'string' && /^(node|way|relation)\/\d+$/.test(columns['@id']));
}

export function osmTypeOf(columns: Record<string, unknown>): string {
  const at = columns['@id'];
  if (typeof at === 'string') return at.split('/')[0];
  return typeof columns.osm_type === 'string' ? columns.osm_type : 'way';
}

export function matchOsm(layer: LayerDefinition, columns: Record<string, unknown>): OsmMatch {
  return PROFILES[layer.id]!(columns, osmTypeOf(columns));
}

/**
 * A raw OSM geometry in the shape the layer stores: a closed way is a building's outline, and
 * facilities are points (a way's bounding-box centre, as in the published POI extracts).
 */
export function osmGeometry(layer: LayerDefinition, geometry: GeoJsonGeometry): GeoJsonGeometry | string {
  if (layer.geometry === 'Point' && geometry.type !== 'Point') return { type: 'Point', coordinates: bboxCentre(geometry.coordinates) };
  if (layer.geometry === 'MultiPolygon' && geometry.type === 'LineString') {
    const ring = geometry.coordinates as number[][];
    const [first, last] = [ring[0], ring[ring.length - 1]];
    if (ring.length < 4 || first[0] !== last[0] || first[1] !== last[1]) return 'the way is not closed, so it cannot be an outline';
    return { type: 'Polygon', coordinates: [ring] };
  }
  return geometry;
}

function bboxCentre(coordinates: unknown): number[] {
  let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
  const visit = (c: unknown): void => {
    if (Array.isArray(c) && typeof c[0] === 'number') {
      w = Math.min(w, c[0]);
      e = Math.max(e, c[0]);
      s = Math.min(s, c[1] as number);
      n = Math.max(n, c[1] as number);
    } else if (Array.isArray(c)) c.forEach(visit);
  };
  visit(coordinates);
  return [(w + e) / 2, (s + n) / 2];
}
