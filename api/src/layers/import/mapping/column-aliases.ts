import type { LayerDefinition } from '@mimamori/db';

/** Mapping targets that are not layer properties: where a row's coordinates come from. */
export const COORDINATE_TARGETS = ['lat', 'lon', 'x', 'y', 'zone', 'wkt'] as const;
export type CoordinateTarget = (typeof COORDINATE_TARGETS)[number];

/**
 * Column names recognised without a mapping, per target, compared after `normaliseHeader`.
 * A name listed under several targets goes to the first one the layer has (高さ is a camera's
 * mounting height but a building's height). Documented in import/README.md.
 */
export const COLUMN_ALIASES: Readonly<Record<string, readonly string[]>> = {
  lat: ['lat', 'latitude', '緯度'],
  lon: ['lon', 'lng', 'long', 'longitude', '経度'],
  x: ['x', 'x座標'],
  y: ['y', 'y座標'],
  zone: ['zone', '系', '系番号', '座標系', '平面直角座標系'],
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', 'ジオメトリ'],
  times: ['times'],
  name: ['name', '名称', '名前', '施設名', '施設・場所名', '町丁名', '町丁目名', 's_name'],
  bearing_deg: ['bearing_deg', 'bearing', 'direction', 'heading', 'azimuth', 'camera:direction', '方向', '方位', '方位角', '向き', '撮影方向'],
  hfov_deg: ['hfov_deg', 'hfov', 'fov', 'field_of_view', '画角', '水平画角', '視野角'],
  range_m: ['range_m', 'range', 'distance', '撮影距離', '距離', '有効距離', '監視距離'],
  resolution_px: ['resolution_px', 'resolution', '解像度', '水平解像度', '画素数'],
  mount_height_m: ['mount_height_m', 'mount_height', 'height', '設置高', '設置高さ', '取付高', '取付高さ', '高さ'],
  night_capable: ['night_capable', 'night', 'ir', '夜間', '夜間対応', '赤外線', '暗視'],
  status: ['status', '状態', '稼働状況', '稼働状態', 'ステータス'],
  owner: ['owner', 'operator', '設置者', '管理者', '所有者', '設置主体', '管理団体'],
  installed_on: ['installed_on', 'installed', 'install_date', '設置日', '設置年月日'],
  lamp_type: ['lamp_type', 'lamp', 'light:method', '灯具', '灯具種別', '光源', 'ランプ', '種類', '種別'],
  watts: ['watts', 'w', 'ワット数', '消費電力', '電力'],
  lumens: ['lumens', 'lm', 'ルーメン', '光束'],
  radius_m: ['radius_m', 'radius', '半径', '照射半径', '照明範囲'],
  school: ['school', '学校', '学校名'],
  grades: ['grades', '学年', '対象学年'],
  period: ['period', '時間帯', '登下校'],
  pupils: ['pupils', '児童数', '生徒数', '人数'],
  unit: ['unit', 'vehicle', '車両', '車両名', '班', '隊', 'ユニット', 'name'],
  kind: ['kind', 'type', '種別', '種類', '区分', '施設種別'],
  started_at: ['started_at', 'start', 'start_time', '開始', '開始時刻', '開始日時'],
  ended_at: ['ended_at', 'end', 'end_time', '終了', '終了時刻', '終了日時'],
  code: ['code', 'key_code', 'コード', '受持区コード', '地区コード'],
  post: ['post', '交番', '駐在所', '担当交番', '交番名'],
  station: ['station', '警察署', '所轄署', '所轄'],
  households: ['households', 'setai', '世帯数', '世帯'],
  priority_households: ['priority_households', '重点世帯', '重点世帯数'],
  businesses: ['businesses', '事業所', '事業所数'],
  height_m: ['height_m', 'height', 'measuredheight', '高さ', '建物高さ', '計測高さ'],
  levels: ['levels', 'building:levels', 'storeysaboveground', 'floors', '階数', '地上階数'],
  class: ['class', 'highway', 'road_class', '道路種別', '種別'],
  population: ['population', 'jinko', '人口', '人口総数'],
  crimes: ['crimes', '認知件数'],
};

/** NFKC, lower case, no spaces, without a trailing unit such as "(m)" or "（度）". */
export function normaliseHeader(header: string): string {
  return header
    .normalize('NFKC')
    .trim()
    .replace(/\s*[([【][^()[\]【】]*[)\]】]$/, '')
    .replace(/\s+/g, '')
    .toLowerCase();
}

const TARGETS_BY_ALIAS: ReadonlyMap<string, readonly string[]> = (() => {
  const map = new Map<string, string[]>();
  for (const [target, aliases] of Object.entries(COLUMN_ALIASES)) {
    for (const alias of aliases) {
      const key = normaliseHeader(alias);
      map.set(key, [...(map.get(key) ?? []), target]);
    }
  }
  // A property's own name beats an alias another property shares (`name` is a name before a unit).
  for (const [key, targets] of map) {
    const own = targets.indexOf(key);
    if (own > 0) map.set(key, [key, ...targets.filter((t) => t !== key)]);
  }
  return map;
})();

/** The targets a layer can map columns to: its properties, coordinates, and times for tracks. */
export function layerTargets(layer: LayerDefinition): Set<string> {
  const targets = new Set<string>([...layer.properties.map((p) => p.name), ...COORDINATE_TARGETS]);
  if (layer.geometry === 'LineStringM') targets.add('times');
  return targets;
}

/** The target a column is recognised as for a layer, or null. */
export function targetOfHeader(header: string, allowed: ReadonlySet<string>): string | null {
  const candidates = TARGETS_BY_ALIAS.get(normaliseHeader(header)) ?? [];
  return candidates.find((t) => allowed.has(t)) ?? null;
}
