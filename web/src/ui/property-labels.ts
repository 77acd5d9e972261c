import type { LocalizedText } from '../i18n';

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
};
