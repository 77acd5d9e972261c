import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { AppError } from '../../../common/app-error';
import { decodeUtf8, readGeoJsonFeatures, type SourceFeature } from '../../geojson-reader';
import { isPlainObject, type GeoJsonGeometry } from '../../geojson-types';
import { parseJson } from '../../json-syntax';
import type { CrsInfo, SourceReader, SourceRecord } from '../import-types';

const RECORD_SEPARATOR = '\u001e';
const WGS84: CrsInfo = { srid: 4326, name: 'EPSG:4326 (GeoJSON, RFC 7946)', how: 'assumed' };

/** A GeoJSON FeatureCollection (or one Feature), read whole: its size is bounded by the upload limit. */
export async function openGeoJson(path: string): Promise<SourceReader> {
  const text = decodeUtf8(await readFile(path));
  const features = readGeoJsonFeatures(text, 'geojson');
  const crs = legacyCrs(text);
  return {
    info: { format: 'geojson', encoding: 'UTF-8', crs, columns: [], notes: [] },
    async *records() {
      for (const feature of features) yield recordOf(feature, crs.srid);
    },
  };
}

/** Newline-delimited GeoJSON (RFC 8142 sequences too), streamed line by line. */
export async function openNdjson(path: string): Promise<SourceReader> {
  const file = createReadStream(path, { encoding: 'utf8' });
  return {
    info: { format: 'ndjson', encoding: 'UTF-8', crs: WGS84, columns: [], notes: [] },
    bytesRead: () => file.bytesRead,
    async *records(): AsyncIterable<SourceRecord> {
      const lines = createInterface({ input: file, crlfDelay: Infinity });
      let number = 0;
      for await (const raw of lines) {
        number++;
        const line = (number === 1 ? raw.replace(/^\uFEFF/, '') : raw).replace(RECORD_SEPARATOR, '');
        if (line.trim() === '') continue;
        const parsed = parseJson(line);
        if (!parsed.ok) {
          const reason = parsed.problem.message.replace(/ at line \d+, column (\d+) \(position \d+\)$/, ' at column $1');
          throw AppError.badRequest('INVALID_GEOJSON', `line ${number} is not valid JSON: ${reason}`, {
            field: 'file',
            line: number,
            column: parsed.problem.column,
          });
        }
        yield recordOf({ row: number, feature: parsed.value }, 4326);
      }
    },
  };
}

function recordOf({ row, feature }: SourceFeature, srid: number | null): SourceRecord {
  if (!isPlainObject(feature) || feature.type !== 'Feature') {
    const got = isPlainObject(feature) ? `a ${String(feature.type)}` : Array.isArray(feature) ? 'an array' : typeof feature;
    return { row, columns: {}, geometry: null, problem: `expected a GeoJSON Feature, got ${got}`, problemCode: 'INVALID_GEOJSON', problemField: 'type' };
  }
  const properties = feature.properties ?? {};
  if (!isPlainObject(properties)) {
    return { row, columns: {}, geometry: null, problem: 'properties must be an object', problemCode: 'INVALID_GEOJSON', problemField: 'properties' };
  }
  const geometry = feature.geometry as GeoJsonGeometry | null | undefined;
  if (geometry === null || geometry === undefined) {
    return { row, columns: properties, geometry: null, problem: 'the feature has no geometry', problemCode: 'INVALID_GEOJSON', problemField: 'geometry' };
  }
  return { row, columns: properties, geometry, srid: srid ?? 4326 };
}

/** GeoJSON 2008 files (GDAL, older QGIS) may name a CRS: {"crs": {"properties": {"name": "urn:ogc:def:crs:EPSG::6677"}}}. */
function legacyCrs(text: string): CrsInfo {
  const m = /"crs"\s*:\s*\{[^{}]*"properties"\s*:\s*\{[^{}]*"name"\s*:\s*"([^"]+)"/.exec(text.slice(0, 4096));
  const code = m ? /EPSG:{1,2}(\d+)$/i.exec(m[1])?.[1] : undefined;
  if (!m || !code || code === '4326' || /CRS84$/i.test(m[1])) return WGS84;
  return { srid: Number(code), name: `EPSG:${code} (the file's "crs" member)`, how: 'declared' };
}
