import type { ParamsCheck } from './analysis-params';

/**
 * Parameters of the `coverage` analysis (ARCHITECTURE.md, "Analysis params and results").
 * Pure and dependency-free: the API checks them before a run is stored, the worker again.
 */
export const COVERAGE_TARGETS = ['school-routes', 'roads'] as const;
export const COVERAGE_SOURCES = ['cameras', 'streetlights'] as const;
export const COVERAGE_AREA_LAYERS = ['beats', 'blocks', 'areas'] as const;
export const DORI_LEVEL_NAMES = ['detect', 'observe', 'recognise', 'identify'] as const;

export type CoverageTarget = (typeof COVERAGE_TARGETS)[number];
export type CoverageSource = (typeof COVERAGE_SOURCES)[number];
export type CoverageArea = { layer: (typeof COVERAGE_AREA_LAYERS)[number]; id: number } | { bbox: [number, number, number, number] };

export interface CoverageParams {
  targets: CoverageTarget;
  ids?: number[];
  area?: CoverageArea;
  sources: CoverageSource[];
  occlusion: boolean;
  includePlanned: boolean;
  dori?: (typeof DORI_LEVEL_NAMES)[number];
  night: boolean;
  minGapM: number;
  /** Used for cameras whose record lacks the value (DORI needs a resolution). */
  cameraDefaults: { resolutionPx: number };
  /** Half-width of the road space whose unseen part becomes `blind-area` polygons (with `area`). */
  roadHalfWidthM: number;
}

export const COVERAGE_DEFAULTS = {
  targets: 'school-routes' as CoverageTarget,
  minGapM: 5,
  resolutionPx: 1920,
  roadHalfWidthM: 4,
};

const ALLOWED = ['targets', 'ids', 'area', 'sources', 'occlusion', 'includePlanned', 'dori', 'night', 'minGapM', 'cameraDefaults', 'roadHalfWidthM'];

type Fail = { ok: false; field: string; message: string };
const fail = (field: string, message: string): Fail => ({ ok: false, field, message });

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function optionalBool(params: Record<string, unknown>, key: string, fallback: boolean): boolean | Fail {
  const v = params[key];
  if (v === undefined) return fallback;
  return typeof v === 'boolean' ? v : fail(key, `${key} must be true or false`);
}

function optionalNumber(params: Record<string, unknown>, key: string, fallback: number, min: number, max: number): number | Fail {
  const v = params[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return fail(key, `${key} must be a number from ${min} to ${max}`);
  return v;
}

function checkArea(raw: unknown): CoverageArea | Fail {
  if (!isObject(raw)) return fail('area', 'area must be {layer, id} or {bbox: [w, s, e, n]}');
  if ('bbox' in raw) {
    const b = raw.bbox;
    if (Object.keys(raw).length !== 1) return fail('area', 'area with a bbox takes no other keys');
    if (!Array.isArray(b) || b.length !== 4 || !b.every((x) => typeof x === 'number' && Number.isFinite(x))) {
      return fail('area.bbox', 'area.bbox must be [west, south, east, north] in degrees');
    }
    const [w, s, e, n] = b as number[];
    if (!(w < e && s < n)) return fail('area.bbox', 'area.bbox needs west < east and south < north');
    if (w < 122 || e > 154 || s < 20 || n > 46) return fail('area.bbox', 'area.bbox must lie within Japan (lon 122–154, lat 20–46; [lon, lat] order)');
    return { bbox: [w, s, e, n] };
  }
  const layer = raw.layer;
  if (typeof layer !== 'string' || !(COVERAGE_AREA_LAYERS as readonly string[]).includes(layer)) {
    return fail('area.layer', `area.layer must be one of ${COVERAGE_AREA_LAYERS.join(', ')}`);
  }
  if (typeof raw.id !== 'number' || !Number.isSafeInteger(raw.id) || raw.id < 1) return fail('area.id', 'area.id must be a positive integer feature id');
  if (Object.keys(raw).some((k) => k !== 'layer' && k !== 'id')) return fail('area', 'area takes only layer and id');
  return { layer: layer as (typeof COVERAGE_AREA_LAYERS)[number], id: raw.id };
}

function checkSources(raw: unknown): CoverageSource[] | Fail {
  if (raw === undefined) return [...COVERAGE_SOURCES];
  if (!Array.isArray(raw) || raw.length === 0) return fail('sources', `sources must be a non-empty array of ${COVERAGE_SOURCES.join(', ')}`);
  for (const s of raw) {
    if (!(COVERAGE_SOURCES as readonly unknown[]).includes(s)) return fail('sources', `unknown source ${JSON.stringify(s)} (known: ${COVERAGE_SOURCES.join(', ')})`);
  }
  return [...new Set(raw as CoverageSource[])].sort();
}

function checkCameraDefaults(raw: unknown): { resolutionPx: number } | Fail {
  if (raw === undefined) return { resolutionPx: COVERAGE_DEFAULTS.resolutionPx };
  if (!isObject(raw)) return fail('cameraDefaults', 'cameraDefaults must be an object');
  const extra = Object.keys(raw).find((k) => k !== 'resolutionPx');
  if (extra) return fail(`cameraDefaults.${extra}`, `unknown camera default "${extra}" (allowed: resolutionPx)`);
  const r = optionalNumber(raw, 'resolutionPx', COVERAGE_DEFAULTS.resolutionPx, 1, 20000);
  return typeof r === 'number' ? { resolutionPx: r } : { ...r, field: 'cameraDefaults.resolutionPx' };
}

export function checkCoverageParams(raw: unknown, checkIds: (raw: unknown, field: string) => ParamsCheck<number[]>): ParamsCheck<CoverageParams> {
  const params = raw === undefined || raw === null ? {} : raw;
  if (!isObject(params)) return fail('params', 'params must be an object');
  const extra = Object.keys(params).find((k) => !ALLOWED.includes(k));
  if (extra !== undefined) return fail(extra, `unknown parameter "${extra}" for coverage (allowed: ${ALLOWED.join(', ')})`);

  const targets = params.targets ?? COVERAGE_DEFAULTS.targets;
  if (typeof targets !== 'string' || !(COVERAGE_TARGETS as readonly string[]).includes(targets)) {
    return fail('targets', `targets must be one of ${COVERAGE_TARGETS.join(', ')}`);
  }
  let ids: number[] | undefined;
  if (params.ids !== undefined) {
    const checked = checkIds(params.ids, 'ids');
    if (!checked.ok) return checked;
    ids = checked.params;
  }
  const area = params.area === undefined ? undefined : checkArea(params.area);
  if (area && 'ok' in area) return area;
  const sources = checkSources(params.sources);
  if ('ok' in sources) return sources;
  const dori = params.dori;
  if (dori !== undefined && (typeof dori !== 'string' || !(DORI_LEVEL_NAMES as readonly string[]).includes(dori))) {
    return fail('dori', `dori must be one of ${DORI_LEVEL_NAMES.join(', ')}`);
  }
  const occlusion = optionalBool(params, 'occlusion', true);
  const includePlanned = optionalBool(params, 'includePlanned', false);
  const night = optionalBool(params, 'night', false);
  const minGapM = optionalNumber(params, 'minGapM', COVERAGE_DEFAULTS.minGapM, 0, 10000);
  const roadHalfWidthM = optionalNumber(params, 'roadHalfWidthM', COVERAGE_DEFAULTS.roadHalfWidthM, 0.5, 50);
  for (const v of [occlusion, includePlanned, night, minGapM, roadHalfWidthM]) if (typeof v === 'object') return v;
  const cameraDefaults = checkCameraDefaults(params.cameraDefaults);
  if ('ok' in cameraDefaults) return cameraDefaults;

  const out: CoverageParams = {
    targets: targets as CoverageTarget,
    sources,
    occlusion: occlusion as boolean,
    includePlanned: includePlanned as boolean,
    night: night as boolean,
    minGapM: minGapM as number,
    cameraDefaults,
    roadHalfWidthM: roadHalfWidthM as number,
  };
  if (ids) out.ids = ids;
  if (area) out.area = area;
  if (dori) out.dori = dori as CoverageParams['dori'];
  return { ok: true, params: out };
}
