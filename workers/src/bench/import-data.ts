import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** Japanese register columns, as a city's 防犯灯台帳 exported from Excel would name them. */
const HEADER = '管理番号,緯度,経度,灯具種別,消費電力(W),設置高(m),状態,管理者';
const LAMPS = [
  ['LED', 20],
  ['LED', 10],
  ['蛍光灯', 32],
  ['水銀灯', 100],
  ['ナトリウム灯', 70],
] as const;
const OWNERS = ['新宿区', '戸山町会', '西早稲田町会', '大久保商店会', '百人町町会'];
const STATES = ['稼働中', '稼働中', '稼働中', '稼働中', '計画', '故障'];
/** The scale dataset's extent around Shinjuku (N = 100 is about 400 km²). */
const EXTENT = { west: 139.55, south: 35.6, east: 139.85, north: 35.8 };

/**
 * Writes `rows` streetlights as a UTF-8 CSV with Japanese headers and values, deterministically
 * (fixed-seed generator), honouring back-pressure; returns the file's size in bytes.
 */
export async function writeStreetlightCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let seed = 0x2545f491;
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  let bytes = 0;
  const write = async (text: string) => {
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(`${HEADER}\n`);
  let chunk = '';
  for (let i = 1; i <= rows; i++) {
    const lat = EXTENT.south + random() * (EXTENT.north - EXTENT.south);
    const lon = EXTENT.west + random() * (EXTENT.east - EXTENT.west);
    const [lamp, watts] = LAMPS[Math.floor(random() * LAMPS.length)];
    const height = (4.5 + random() * 3).toFixed(1);
    const state = STATES[Math.floor(random() * STATES.length)];
    chunk += `SL-${String(i).padStart(7, '0')},${lat.toFixed(7)},${lon.toFixed(7)},${lamp},${watts},${height},${state},${OWNERS[i % OWNERS.length]}\n`;
    if (i % 5000 === 0) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  out.end();
  await once(out, 'finish');
  return bytes;
}
