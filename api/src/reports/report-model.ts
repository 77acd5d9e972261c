/** A point in the run's metric zone (metres, x east, y north). */
export type Xy = [number, number];

/** A metric GeoJSON geometry as PostGIS writes it. */
export type MetricGeometry =
  | { type: 'Point'; coordinates: Xy }
  | { type: 'LineString'; coordinates: Xy[] }
  | { type: 'MultiLineString'; coordinates: Xy[][] }
  | { type: 'Polygon'; coordinates: Xy[][] }
  | { type: 'MultiPolygon'; coordinates: Xy[][][] }
  | { type: 'GeometryCollection'; geometries: MetricGeometry[] };

export interface ReportRoute {
  properties: Record<string, unknown>;
  geometry: MetricGeometry | null;
}

export interface ReportFinding {
  properties: Record<string, unknown>;
  geometry: MetricGeometry | null;
  marker: Xy | null;
}

export interface MapContext {
  roads: { cls: string; geometry: MetricGeometry }[];
  buildings: MetricGeometry[];
  refuges: { kind: string; name: string; at: Xy }[];
  schools: { name: string; at: Xy }[];
}

export interface SchoolSection {
  school: string;
  routes: ReportRoute[];
  findings: ReportFinding[];
  /** The map as inline SVG. */
  map: string;
}

export interface ReportRun {
  id: string;
  finishedAt: Date | null;
  params: Record<string, unknown>;
  summary: Record<string, unknown>;
}

export interface ReportModel {
  run: ReportRun;
  sections: SchoolSection[];
  generatedAt: Date;
}

export const RULE_LABELS: Record<string, { ja: string; en: string }> = {
  'dark-unwatched': { ja: '暗く見守りのない区間', en: 'unlit and unwatched' },
  'refuge-gap': { ja: '避難先から遠い区間', en: 'far from refuges' },
  'no-refuge': { ja: '避難先なし', en: 'no refuge' },
  'crime-block': { ja: '犯罪の多い町丁目', en: 'high-crime block' },
  'low-coverage': { ja: 'カメラの少ない通学路', en: 'little camera coverage' },
  'low-lighting': { ja: '街灯の少ない通学路', en: 'little lighting' },
};

export const SEVERITY_LABELS: Record<string, { ja: string; en: string }> = {
  high: { ja: '高', en: 'high' },
  medium: { ja: '中', en: 'medium' },
  low: { ja: '低', en: 'low' },
};

export const OWNER_LABELS: Record<string, string> = { school: '学校', 'road-manager': '道路管理者', police: '警察', city: '市区町村' };
export const STATUS_LABELS: Record<string, string> = { open: '未着手', planned: '計画中', done: '完了' };
