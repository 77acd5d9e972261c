/**
 * Every published source the map draws from, as the attribution control shows them. Links are
 * plain anchors: the page never fetches anything from these sites.
 */
export const ATTRIBUTIONS: readonly string[] = [
  '<a href="https://www.openstreetmap.org/copyright" target="_blank" rel="noopener">© OpenStreetMap contributors</a> (ODbL 1.0)',
  'e-Stat 国勢調査 小地域 (総務省統計局, 政府標準利用規約 2.0)',
  '警視庁 町丁別認知件数 (CC BY 4.0)',
  '国土地理院 指定緊急避難場所・指定避難所データ',
  '<strong>サンプルデータ / sample data</strong>: 防犯カメラ・追加の防犯灯・通学路・受持区・パトロール軌跡',
  '<a href="https://maplibre.org/" target="_blank" rel="noopener">MapLibre</a>',
];
