import type { Feature, GeoJsonGeometry } from '../geojson-types';
import type { ExportField, FeatureSet, FieldType } from './feature-set';

const SIMPLE_TYPES: Record<FieldType, string> = {
  text: 'string',
  number: 'double',
  integer: 'int',
  boolean: 'bool',
  date: 'string',
  timestamp: 'string',
  json: 'string',
};

type Position = number[];

/**
 * A KML 2.2 document, streamed: a <Schema> declares every property with its type, each
 * feature is a Placemark whose SchemaData carries the properties (objects and arrays as JSON
 * text) and whose geometry is a Point, LineString, Polygon or MultiGeometry. Google Earth
 * shows `name` as the label.
 */
export async function* kmlChunks(set: FeatureSet): AsyncIterable<string> {
  const schemaId = xmlId(set.name);
  yield '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2">\n<Document>\n';
  yield `<name>${escapeXml(set.title)}</name>\n`;
  if (set.attribution) yield `<description>${escapeXml(set.attribution)}</description>\n`;
  yield `<Schema name="${escapeXml(set.name)}" id="${schemaId}">\n`;
  for (const field of set.fields) yield `  <SimpleField type="${SIMPLE_TYPES[field.type]}" name="${escapeXml(field.name)}"/>\n`;
  yield '</Schema>\n';
  let buffer = '';
  for await (const feature of set.features) {
    buffer += placemark(feature, set.fields, schemaId);
    if (buffer.length > 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  yield `${buffer}</Document>\n</kml>\n`;
}

export function placemark(feature: Feature, fields: readonly ExportField[], schemaId: string): string {
  const properties = feature.properties ?? {};
  const name = typeof properties.name === 'string' ? `<name>${escapeXml(properties.name)}</name>` : '';
  const known = new Set(fields.map((f) => f.name));
  const data = [...fields.map((f) => f.name), ...Object.keys(properties).filter((k) => !known.has(k))]
    .filter((key) => properties[key] !== null && properties[key] !== undefined)
    .map((key) => `<SimpleData name="${escapeXml(key)}">${escapeXml(kmlValue(properties[key]))}</SimpleData>`)
    .join('');
  const extended = data === '' ? '' : `<ExtendedData><SchemaData schemaUrl="#${schemaId}">${data}</SchemaData></ExtendedData>`;
  return `<Placemark id="f${xmlId(String(feature.id))}">${name}${extended}${kmlGeometry(feature.geometry)}</Placemark>\n`;
}

function kmlValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function kmlGeometry(geometry: GeoJsonGeometry | null): string {
  if (!geometry) return '';
  const c = geometry.coordinates;
  switch (geometry.type) {
    case 'Point':
      return `<Point><coordinates>${tuple(c as Position)}</coordinates></Point>`;
    case 'LineString':
      return lineString(c as Position[]);
    case 'Polygon':
      return polygon(c as Position[][]);
    case 'MultiPoint':
      return multi((c as Position[]).map((p) => `<Point><coordinates>${tuple(p)}</coordinates></Point>`));
    case 'MultiLineString':
      return multi((c as Position[][]).map(lineString));
    case 'MultiPolygon':
      return multi((c as Position[][][]).map(polygon));
    default:
      return '';
  }
}

function tuple(p: Position): string {
  return `${p[0]},${p[1]}`;
}

function lineString(line: Position[]): string {
  return `<LineString><coordinates>${line.map(tuple).join(' ')}</coordinates></LineString>`;
}

function polygon(rings: Position[][]): string {
  const [outer, ...inners] = rings;
  const ring = (r: Position[]) => `<LinearRing><coordinates>${r.map(tuple).join(' ')}</coordinates></LinearRing>`;
  return `<Polygon><outerBoundaryIs>${ring(outer)}</outerBoundaryIs>${inners.map((r) => `<innerBoundaryIs>${ring(r)}</innerBoundaryIs>`).join('')}</Polygon>`;
}

function multi(parts: string[]): string {
  return `<MultiGeometry>${parts.join('')}</MultiGeometry>`;
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

function xmlId(text: string): string {
  return text.replace(/[^A-Za-z0-9_.-]/g, '_');
}
