import { AppError } from '../../common/app-error';
import { IMPORT_FORMAT_IDS, type ImportFormatId } from './import-types';

/** What `format=` accepts. */
export const FORMAT_NAMES: Record<string, ImportFormatId> = {
  geojson: 'geojson',
  json: 'geojson',
  ndjson: 'ndjson',
  geojsonl: 'ndjson',
  geojsonseq: 'ndjson',
  jsonl: 'ndjson',
  csv: 'csv',
  tsv: 'csv',
  shapefile: 'shapefile',
  shp: 'shapefile',
  gpkg: 'gpkg',
  geopackage: 'gpkg',
  kml: 'kml',
  kmz: 'kml',
  gpx: 'gpx',
  osm: 'osm',
  citygml: 'citygml',
  gml: 'citygml',
};

const EXTENSIONS: Record<string, ImportFormatId> = {
  geojson: 'geojson',
  json: 'geojson',
  ndjson: 'ndjson',
  geojsonl: 'ndjson',
  geojsons: 'ndjson',
  geojsonseq: 'ndjson',
  jsonl: 'ndjson',
  csv: 'csv',
  tsv: 'csv',
  txt: 'csv',
  shp: 'shapefile',
  gpkg: 'gpkg',
  kml: 'kml',
  kmz: 'kml',
  gpx: 'gpx',
  osm: 'osm',
  gml: 'citygml',
};

/** Root elements of the XML formats (local names). */
const XML_ROOTS: Record<string, ImportFormatId> = { gpx: 'gpx', kml: 'kml', osm: 'osm', CityModel: 'citygml' };

export type FileKind = { kind: 'zip' } | { kind: 'file'; format: ImportFormatId };

export function extensionOf(fileName: string): string | null {
  return /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? null;
}

export function formatOfExtension(fileName: string): ImportFormatId | null {
  const extension = extensionOf(fileName);
  return extension && Object.hasOwn(EXTENSIONS, extension) ? EXTENSIONS[extension] : null;
}

export function parseFormat(requested: string | undefined): ImportFormatId | null {
  if (requested === undefined || requested === '') return null;
  const format = FORMAT_NAMES[requested.toLowerCase()];
  if (!format) throw unsupportedFormat(`format=${requested}`);
  return format;
}

/**
 * What an upload is, from its first bytes, then its name: zips are opened to look inside;
 * GeoPackage is SQLite; XML formats by their root element; JSON by its first character.
 */
export function sniffFile(head: Buffer, fileName: string): FileKind {
  if (head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) return { kind: 'zip' };
  if (head.subarray(0, 16).toString('latin1') === 'SQLite format 3\u0000') return { kind: 'file', format: 'gpkg' };
  const text = head.toString('utf8').replace(/^\uFEFF/, '');
  const root = xmlRoot(text);
  if (root && Object.hasOwn(XML_ROOTS, root)) return { kind: 'file', format: XML_ROOTS[root] };
  const byName = formatOfExtension(fileName);
  if (byName) return { kind: 'file', format: byName };
  const start = text.trimStart()[0];
  if (start === '{' || start === '\u001e') return { kind: 'file', format: 'geojson' };
  if (root) throw unsupportedFormat(`XML with root element <${root}>`);
  if (/^[^\r\n]*[,\t][^\r\n]*\r?\n/.test(text)) return { kind: 'file', format: 'csv' };
  throw unsupportedFormat(`"${fileName}" (not recognised)`);
}

/** The local name of the first element of an XML text, skipping the declaration and comments. */
export function xmlRoot(text: string): string | null {
  const body = text.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '').trimStart();
  const m = /^<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)/.exec(body);
  return m ? m[2] : null;
}

export function unsupportedFormat(what: string): AppError {
  return AppError.badRequest(
    'UNSUPPORTED_FORMAT',
    `${what} cannot be imported; supported: ${IMPORT_FORMAT_IDS.join(', ')} ` +
      '(Shapefile as a .zip of .shp, .shx, .dbf and .prj; KML also as .kmz)',
    { field: 'format', supported: IMPORT_FORMAT_IDS },
  );
}
