import { localized, type LocalizedText } from '../i18n';

/** Labels for the registry's property names shown in the feature panel; others show their raw name. */
export const PROPERTY_LABELS: Readonly<Record<string, LocalizedText>> = {
  name: { ja: '名称', en: 'Name' },
  status: { ja: '状態', en: 'Status' },
  bearing_deg: { ja: '向き (°)', en: 'Bearing (°)' },
  hfov_deg: { ja: '水平画角 (°)', en: 'Horizontal FOV (°)' },
  range_m: { ja: '撮影距離 (m)', en: 'Range (m)' },
  resolution_px: { ja: '水平解像度 (px)', en: 'Resolution (px)' },
  mount_height_m: { ja: '設置高 (m)', en: 'Mount height (m)' },
  night_capable: { ja: '夜間撮影', en: 'Night capable' },
  owner: { ja: '設置者', en: 'Owner' },
  installed_on: { ja: '設置日', en: 'Installed on' },
  lamp_type: { ja: '灯具', en: 'Lamp type' },
  watts: { ja: '消費電力 (W)', en: 'Power (W)' },
  lumens: { ja: '光束 (lm)', en: 'Luminous flux (lm)' },
  radius_m: { ja: '照明半径 (m)', en: 'Lit radius (m)' },
  kind: { ja: '種別', en: 'Kind' },
  sample: { ja: 'サンプル', en: 'Sample' },
  school: { ja: '学校', en: 'School' },
  grades: { ja: '学年', en: 'Grades' },
  period: { ja: '時間帯', en: 'Period' },
  pupils: { ja: '児童数', en: 'Pupils' },
  unit: { ja: '隊・車両', en: 'Unit' },
  started_at: { ja: '開始', en: 'Started at' },
  ended_at: { ja: '終了', en: 'Ended at' },
  code: { ja: 'コード', en: 'Code' },
  post: { ja: '交番・駐在所', en: 'Police box' },
  station: { ja: '警察署', en: 'Police station' },
  households: { ja: '世帯数', en: 'Households' },
  priority_households: { ja: '重点世帯数', en: 'Priority households' },
  businesses: { ja: '事業所数', en: 'Businesses' },
  height_m: { ja: '高さ (m)', en: 'Height (m)' },
  levels: { ja: '階数', en: 'Storeys' },
  class: { ja: '道路種別', en: 'Road class' },
  population: { ja: '人口', en: 'Population' },
  crimes: { ja: '犯罪認知件数', en: 'Recorded crimes' },
};

export const VALUE_LABELS: Readonly<Record<string, LocalizedText>> = {
  active: { ja: '稼働中', en: 'Active' },
  planned: { ja: '計画中', en: 'Planned' },
  out_of_service: { ja: '停止中', en: 'Out of service' },
  school: { ja: '学校', en: 'School' },
  koban: { ja: '交番・駐在所', en: 'Police box' },
  refuge: { ja: 'こども110番の家', en: 'Child refuge' },
  shelter: { ja: '避難所', en: 'Shelter' },
  station: { ja: '駅', en: 'Station' },
  convenience: { ja: 'コンビニ', en: 'Convenience store' },
  morning: { ja: '登校', en: 'Morning' },
  afternoon: { ja: '下校', en: 'Afternoon' },
  both: { ja: '登下校', en: 'Both' },
  police: { ja: 'パトカー', en: 'Police car' },
  volunteer: { ja: '青色防犯パトロール', en: 'Volunteer patrol' },
  foot: { ja: '徒歩', en: 'On foot' },
  led: { ja: 'LED', en: 'LED' },
  fluorescent: { ja: '蛍光灯', en: 'Fluorescent' },
  mercury: { ja: '水銀灯', en: 'Mercury' },
  sodium: { ja: 'ナトリウム灯', en: 'Sodium' },
  metal_halide: { ja: 'メタルハライド灯', en: 'Metal halide' },
  unknown: { ja: '不明', en: 'Unknown' },
  'police-station': { ja: '警察署管内', en: 'Police station area' },
  city: { ja: '市区町村', en: 'City' },
  ward: { ja: '区', en: 'Ward' },
  other: { ja: 'その他', en: 'Other' },
};

/** The label of a property: the known one in the current language, else its name. */
export function propertyLabel(name: string): string {
  const label = PROPERTY_LABELS[name];
  return label ? localized(label) : name;
}

export function valueLabel(value: string): string {
  const label = VALUE_LABELS[value];
  return label ? localized(label) : value;
}
