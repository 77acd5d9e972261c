/**
 * The layer registry: every layer of the contract, described once. CRUD, import, export,
 * OGC collections and tiles are generic over it, and every SQL identifier they use comes
 * from here, never from a request.
 */
export const LAYER_IDS = [
  'cameras',
  'streetlights',
  'school-routes',
  'patrol-tracks',
  'beats',
  'buildings',
  'roads',
  'facilities',
  'blocks',
  'areas',
] as const;
export type LayerId = (typeof LAYER_IDS)[number];

/** The geometry type a table stores. Multi types also accept their single-part form. */
export type StoredGeometry = 'Point' | 'LineStringM' | 'MultiLineString' | 'MultiPolygon' | 'LineString';

/**
 * public: anyone who may read; internal: signed-in users of the platform;
 * police: police and admin only (absent, not forbidden, for others).
 */
export type Sensitivity = 'public' | 'internal' | 'police';

export type PropertyType = 'text' | 'number' | 'integer' | 'boolean' | 'date' | 'timestamp' | 'enum' | 'json';

export interface PropertySpec {
  /** Property name in GeoJSON and column name in SQL (identical by design). */
  readonly name: string;
  readonly type: PropertyType;
  readonly required?: boolean;
  readonly min?: number;
  readonly max?: number;
  /** Lower bound is exclusive (e.g. a field of view must be > 0). */
  readonly exclusiveMin?: boolean;
  readonly values?: readonly string[];
  readonly maxLength?: number;
  readonly description: string;
  /** Overrides the layer's sensitivity for this property (e.g. beat household counts). */
  readonly sensitivity?: Sensitivity;
}

export interface LayerDefinition {
  readonly id: LayerId;
  readonly table: string;
  readonly title: { readonly ja: string; readonly en: string };
  readonly geometry: StoredGeometry;
  /** GeoJSON geometry types accepted on input. */
  readonly accepts: readonly string[];
  readonly properties: readonly PropertySpec[];
  readonly sensitivity: Sensitivity;
  /** Zoom range served as vector tiles. */
  readonly minZoom: number;
  readonly maxZoom: number;
  /** Simplification tolerance in metres per pixel at the tile's zoom (0 = none). */
  readonly simplify: boolean;
}

const STATUS = ['active', 'planned', 'out_of_service'] as const;

const owner: PropertySpec = { name: 'owner', type: 'text', maxLength: 200, description: 'Owning body (city, 町会, shop street…)' };
const name: PropertySpec = { name: 'name', type: 'text', maxLength: 200, description: 'Name' };
const status: PropertySpec = {
  name: 'status',
  type: 'enum',
  values: STATUS,
  required: true,
  description: 'active counts in analyses; planned only in what-if runs',
};
const mountHeight: PropertySpec = { name: 'mount_height_m', type: 'number', min: 0, max: 100, description: 'Mounting height in metres' };

export const LAYERS: readonly LayerDefinition[] = [
  {
    id: 'cameras',
    table: 'layer_cameras',
    title: { ja: '防犯カメラ', en: 'CCTV cameras' },
    geometry: 'Point',
    accepts: ['Point'],
    sensitivity: 'internal',
    minZoom: 10,
    maxZoom: 22,
    simplify: false,
    properties: [
      name,
      { name: 'bearing_deg', type: 'number', required: true, min: 0, max: 360, description: 'Viewing direction, degrees clockwise from north' },
      { name: 'hfov_deg', type: 'number', required: true, min: 0, exclusiveMin: true, max: 360, description: 'Horizontal field of view in degrees' },
      { name: 'range_m', type: 'number', required: true, min: 0, exclusiveMin: true, max: 1000, description: 'Useful range in metres' },
      { name: 'resolution_px', type: 'integer', min: 1, max: 20000, description: 'Horizontal resolution in pixels (for DORI distances)' },
      mountHeight,
      { name: 'night_capable', type: 'boolean', description: 'Sees in the dark (IR or low-light)' },
      status,
      owner,
      { name: 'installed_on', type: 'date', description: 'Installation date' },
    ],
  },
  {
    id: 'streetlights',
    table: 'layer_streetlights',
    title: { ja: '防犯灯・街路灯', en: 'Streetlights' },
    geometry: 'Point',
    accepts: ['Point'],
    sensitivity: 'public',
    minZoom: 12,
    maxZoom: 22,
    simplify: false,
    properties: [
      { name: 'lamp_type', type: 'enum', values: ['led', 'fluorescent', 'mercury', 'sodium', 'metal_halide', 'unknown'], required: true, description: 'Lamp type (sets the default lit radius)' },
      { name: 'watts', type: 'number', min: 0, max: 2000, description: 'Power in watts' },
      { name: 'lumens', type: 'number', min: 0, max: 200000, description: 'Luminous flux in lumens' },
      mountHeight,
      { name: 'radius_m', type: 'number', required: true, min: 0, exclusiveMin: true, max: 200, description: 'Lit radius in metres (lamp-type default when absent)' },
      status,
      owner,
    ],
  },
  {
    id: 'school-routes',
    table: 'layer_school_routes',
    title: { ja: '通学路', en: 'School routes' },
    geometry: 'MultiLineString',
    accepts: ['LineString', 'MultiLineString'],
    sensitivity: 'internal',
    minZoom: 10,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'school', type: 'text', required: true, maxLength: 200, description: 'School the route leads to' },
      name,
      { name: 'grades', type: 'text', maxLength: 50, description: 'Grades using the route, e.g. 1-6' },
      { name: 'period', type: 'enum', values: ['morning', 'afternoon', 'both'], description: 'Morning (登校) or afternoon (下校)' },
      { name: 'pupils', type: 'integer', min: 0, max: 100000, description: 'Number of pupils (a count, never names)' },
    ],
  },
  {
    id: 'patrol-tracks',
    table: 'layer_patrol_tracks',
    title: { ja: 'パトロール軌跡', en: 'Patrol tracks' },
    geometry: 'LineStringM',
    accepts: ['LineString'],
    sensitivity: 'police',
    minZoom: 10,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'unit', type: 'text', required: true, maxLength: 100, description: 'Patrol unit or vehicle' },
      { name: 'kind', type: 'enum', values: ['police', 'volunteer', 'foot'], required: true, description: 'police car, volunteer blue-light car or foot patrol' },
      { name: 'started_at', type: 'timestamp', description: 'Start time (ISO 8601)' },
      { name: 'ended_at', type: 'timestamp', description: 'End time (ISO 8601)' },
    ],
  },
  {
    id: 'beats',
    table: 'layer_beats',
    title: { ja: '受持区', en: 'Police beats' },
    geometry: 'MultiPolygon',
    accepts: ['Polygon', 'MultiPolygon'],
    sensitivity: 'internal',
    minZoom: 8,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'code', type: 'text', required: true, maxLength: 50, description: 'Beat code' },
      name,
      { name: 'post', type: 'text', maxLength: 100, description: '交番 or 駐在所 responsible for the beat' },
      { name: 'station', type: 'text', maxLength: 100, description: 'Police station' },
      { name: 'households', type: 'integer', min: 0, max: 10000000, description: 'Households in the beat', sensitivity: 'police' },
      { name: 'priority_households', type: 'integer', min: 0, max: 10000000, description: 'Households visited yearly', sensitivity: 'police' },
      { name: 'businesses', type: 'integer', min: 0, max: 10000000, description: 'Businesses in the beat', sensitivity: 'police' },
    ],
  },
  {
    id: 'buildings',
    table: 'layer_buildings',
    title: { ja: '建物', en: 'Buildings' },
    geometry: 'MultiPolygon',
    accepts: ['Polygon', 'MultiPolygon'],
    sensitivity: 'public',
    minZoom: 13,
    maxZoom: 22,
    simplify: true,
    properties: [
      name,
      { name: 'height_m', type: 'number', min: 0, max: 1000, description: 'Height in metres' },
      { name: 'levels', type: 'integer', min: 0, max: 300, description: 'Number of storeys' },
    ],
  },
  {
    id: 'roads',
    table: 'layer_roads',
    title: { ja: '道路', en: 'Roads' },
    geometry: 'LineString',
    accepts: ['LineString'],
    sensitivity: 'public',
    minZoom: 10,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'class', type: 'text', required: true, maxLength: 50, description: 'Road class (OSM highway value)' },
      name,
    ],
  },
  {
    id: 'facilities',
    table: 'layer_facilities',
    title: { ja: '施設', en: 'Facilities' },
    geometry: 'Point',
    accepts: ['Point'],
    sensitivity: 'public',
    minZoom: 10,
    maxZoom: 22,
    simplify: false,
    properties: [
      { name: 'kind', type: 'enum', values: ['school', 'koban', 'refuge', 'shelter', 'station', 'convenience'], required: true, description: 'Kind of facility' },
      { ...name, required: true },
    ],
  },
  {
    id: 'blocks',
    table: 'layer_blocks',
    title: { ja: '町丁目', en: 'Blocks (町丁目)' },
    geometry: 'MultiPolygon',
    accepts: ['Polygon', 'MultiPolygon'],
    sensitivity: 'public',
    minZoom: 8,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'code', type: 'text', required: true, maxLength: 50, description: 'Statistical area code (KEY_CODE)' },
      { ...name, required: true },
      { name: 'population', type: 'integer', min: 0, max: 10000000, description: 'Population (census)' },
      { name: 'households', type: 'integer', min: 0, max: 10000000, description: 'Households (census)' },
      { name: 'crimes', type: 'json', description: 'Recorded crime by year and type, e.g. {"2025": {"total": 64, "burglary": 2}}' },
    ],
  },
  {
    id: 'areas',
    table: 'layer_areas',
    title: { ja: '管轄区域', en: 'Jurisdictions' },
    geometry: 'MultiPolygon',
    accepts: ['Polygon', 'MultiPolygon'],
    sensitivity: 'public',
    minZoom: 6,
    maxZoom: 22,
    simplify: true,
    properties: [
      { name: 'kind', type: 'enum', values: ['police-station', 'city', 'ward', 'other'], required: true, description: 'Kind of jurisdiction' },
      { ...name, required: true },
      { name: 'code', type: 'text', maxLength: 50, description: 'Official code' },
    ],
  },
];

const BY_ID = new Map<string, LayerDefinition>(LAYERS.map((l) => [l.id, l]));

export function isLayerId(id: string): id is LayerId {
  return BY_ID.has(id);
}

/** The definition of a layer, or undefined for an unknown id. */
export function findLayer(id: string): LayerDefinition | undefined {
  return BY_ID.get(id);
}

export function getLayer(id: LayerId): LayerDefinition {
  const layer = BY_ID.get(id);
  if (!layer) throw new Error(`layer ${id} is not registered`);
  return layer;
}

/** Default lit radius by lamp type, used when a source gives none (see README, "Streetlights"). */
export const LAMP_DEFAULT_RADIUS_M: Record<string, number> = {
  led: 15,
  fluorescent: 12,
  mercury: 15,
  sodium: 18,
  metal_halide: 18,
  unknown: 12,
};

/** Columns every layer table has besides its properties and geometry. */
export const COMMON_COLUMNS = ['id', 'organisation_id', 'version', 'external_id', 'sample', 'extra', 'created_at', 'updated_at', 'deleted_at'] as const;
