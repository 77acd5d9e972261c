import type { Feature, Point } from 'geojson';
import { LAMP_DEFAULT_RADIUS_M } from '../layers/layer-registry';
import { DEMO_DATASET, type DemoRow, type JsonValue } from './demo-types';
import type { DemoSources, Tags } from './source-data';
import { blockExternalIds, osmExternalId } from './source-features';

/** Rows of the real (published, sample = false) layers, keyed by layer id. */
export interface RealRows {
  roads: DemoRow[];
  buildings: DemoRow[];
  blocks: DemoRow[];
  facilities: DemoRow[];
  streetlights: DemoRow[];
}

export const CRIME_COLUMNS = {
  total: 'crime_R7_total',
  burglary: 'crime_R7_burglary',
  nonburglary_theft: 'crime_R7_nonburglary_theft',
  violent: 'crime_R7_violent',
  assault: 'crime_R7_assault',
  bicycle_theft: 'crime_R7_bicycle_theft',
  snatch: 'crime_R7_snatch',
} as const;
const CRIME_YEAR = '2025';

/** Source attributes not modelled as columns, without empty values, plus the demo marker. */
export function extraOf(tags: Tags, modelled: readonly string[]): Record<string, JsonValue> {
  const extra: Record<string, JsonValue> = { demo: DEMO_DATASET };
  for (const [key, value] of Object.entries(tags)) {
    if (modelled.includes(key) || value === null || value === '') continue;
    extra[key] = value;
  }
  return extra;
}

/** `{"2025": {"total": 64, "burglary": 2, …}}`, skipping null counts; null when there are none. */
export function crimesOf(tags: Tags): Record<string, Record<string, number>> | null {
  const counts: Record<string, number> = {};
  for (const [kind, column] of Object.entries(CRIME_COLUMNS)) {
    const value = tags[column];
    if (typeof value === 'number' && Number.isFinite(value)) counts[kind] = value;
  }
  return Object.keys(counts).length > 0 ? { [CRIME_YEAR]: counts } : null;
}

/** `building:levels` as a storey count, or null when missing or not a plain number. */
export function levelsOf(tags: Tags): number | null {
  const raw = tags['building:levels'];
  if (raw === null || raw === undefined || raw === '') return null;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 && n <= 300 ? n : null;
}

export const METRES_PER_STOREY = 3;

function roadRows(sources: DemoSources): DemoRow[] {
  return sources.roads.features.map((f) => ({
    externalId: osmExternalId(f.properties, 'way'),
    sample: false,
    properties: { class: String(f.properties.highway), name: f.properties.name ?? null },
    extra: extraOf(f.properties, ['highway', 'name']),
    geometry: f.geometry,
  }));
}

function buildingRows(sources: DemoSources): DemoRow[] {
  return sources.buildings.features.map((f) => {
    const levels = levelsOf(f.properties);
    return {
      externalId: osmExternalId(f.properties, 'way'),
      sample: false,
      properties: { name: f.properties.name ?? null, levels, height_m: levels === null ? null : levels * METRES_PER_STOREY },
      extra: extraOf(f.properties, ['name']),
      geometry: f.geometry,
    };
  });
}

/**
 * 警視庁 counts crime per 町丁 name, so a 町丁 split into several polygons repeats the same
 * counts on each part: keep them on the largest part only, so that sums stay true.
 */
function blockRows(sources: DemoSources): DemoRow[] {
  const ids = blockExternalIds(sources.blocks.features);
  const crimeColumns: string[] = Object.values(CRIME_COLUMNS);
  return sources.blocks.features.map((f, i) => {
    const mainPart = ids[i].split('/')[0];
    const extra = extraOf(f.properties, ['KEY_CODE', 'S_NAME', 'JINKO', 'SETAI', ...crimeColumns]);
    if (mainPart !== ids[i]) extra.crimes_counted_in = mainPart;
    return {
      externalId: ids[i],
      sample: false,
      properties: {
        code: String(f.properties.KEY_CODE),
        name: String(f.properties.S_NAME),
        population: f.properties.JINKO,
        households: f.properties.SETAI,
        crimes: mainPart === ids[i] ? crimesOf(f.properties) : null,
      },
      extra,
      geometry: f.geometry,
    };
  });
}

function facilityRow(f: Feature<Point, Tags>, kind: string, name: string, externalId: string, modelled: string[]): DemoRow {
  return { externalId, sample: false, properties: { kind, name }, extra: extraOf(f.properties, modelled), geometry: f.geometry };
}

const SCHOOL_AMENITIES = ['school', 'kindergarten'];
const UNNAMED_SCHOOL = '学校 (名称未登録)';

function facilityRows(sources: DemoSources): DemoRow[] {
  const rows: DemoRow[] = [];
  for (const f of sources.pois.features) {
    const t = f.properties;
    if (t.amenity === 'police') rows.push(facilityRow(f, 'koban', String(t.name), osmExternalId(t, 'node'), ['amenity', 'name']));
    if (SCHOOL_AMENITIES.includes(String(t.amenity))) {
      rows.push(facilityRow(f, 'school', t.name ? String(t.name) : UNNAMED_SCHOOL, osmExternalId(t, 'node'), ['name']));
    }
  }
  const seen = new Set<string>();
  for (const collection of sources.shelters) {
    for (const f of collection.features) {
      const id = String(f.properties['共通ID']);
      if (seen.has(id)) continue;
      seen.add(id);
      rows.push(facilityRow(f, 'shelter', String(f.properties['施設・場所名']), `gsi:${id}`, ['施設・場所名']));
    }
  }
  return rows;
}

function realStreetlightRows(sources: DemoSources): DemoRow[] {
  return sources.pois.features
    .filter((f) => f.properties.highway === 'street_lamp')
    .map((f) => ({
      externalId: osmExternalId(f.properties, 'node'),
      sample: false,
      properties: { lamp_type: 'unknown', radius_m: LAMP_DEFAULT_RADIUS_M.unknown, status: 'active' },
      extra: extraOf(f.properties, ['highway']),
      geometry: f.geometry,
    }));
}

export function realRows(sources: DemoSources): RealRows {
  return {
    roads: roadRows(sources),
    buildings: buildingRows(sources),
    blocks: blockRows(sources),
    facilities: facilityRows(sources),
    streetlights: realStreetlightRows(sources),
  };
}
