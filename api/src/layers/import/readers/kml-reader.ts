import type { GeoJsonGeometry } from '../../geojson-types';
import type { SourceReader, SourceRecord } from '../import-types';
import { numbersOf, readXml, type XmlSink, type XmlTag } from './xml-stream';

type Part =
  | { type: 'Point'; coordinates: number[] }
  | { type: 'LineString'; coordinates: number[][]; times?: (number | null)[] }
  | { type: 'Polygon'; coordinates: number[][][] };

interface Placemark {
  line: number;
  columns: Record<string, unknown>;
  parts: Part[];
  problem: string | null;
  rings: number[][][] | null;
  track: { when: (number | null)[]; coords: number[][] } | null;
  schema: string | null;
}

const NUMERIC = new Set(['int', 'uint', 'short', 'ushort', 'float', 'double']);

/**
 * KML 2.2 placemarks (KMZ is unzipped before): <name>, <description> and <ExtendedData>
 * (Data, and SchemaData typed by its <Schema>) become columns; Point, LineString, Polygon,
 * MultiGeometry and gx:Track (with its <when> times) become geometries. Placemarks whose
 * geometry the layer cannot store are counted as skipped.
 */
export function openKml(path: string, accepts: readonly string[]): SourceReader {
  return {
    info: { format: 'kml', encoding: 'UTF-8', crs: { srid: 4326, name: 'EPSG:4326 (KML is WGS 84)', how: 'assumed' }, columns: [], notes: [] },
    records: () => readXml(path, 'KML', new KmlSink(accepts)),
  };
}

class KmlSink implements XmlSink<SourceRecord> {
  private readonly done: SourceRecord[] = [];
  private readonly schemas = new Map<string, Map<string, string>>();
  private readonly path: string[] = [];
  private currentSchema: Map<string, string> | null = null;
  private placemark: Placemark | null = null;
  private dataName: string | null = null;
  private chars = '';
  private row = 0;

  constructor(private readonly accepts: readonly string[]) {}

  open(tag: XmlTag): void {
    this.path.push(tag.name);
    this.chars = '';
    const a = tag.attributes;
    if (tag.name === 'Schema') {
      this.currentSchema = new Map();
      this.schemas.set(a.id ?? a.name ?? '', this.currentSchema);
    } else if (tag.name === 'SimpleField' && this.currentSchema && a.name) {
      this.currentSchema.set(a.name, (a.type ?? 'string').toLowerCase());
    } else if (tag.name === 'Placemark') {
      this.placemark = { line: tag.line, columns: {}, parts: [], problem: null, rings: null, track: null, schema: null };
    } else if (this.placemark) {
      if (tag.name === 'Data' || tag.name === 'SimpleData') this.dataName = a.name ?? null;
      if (tag.name === 'SchemaData') this.placemark.schema = (a.schemaUrl ?? '').replace(/^#/, '');
      if (tag.name === 'Polygon') this.placemark.rings = [];
      if (tag.name === 'Track') this.placemark.track = { when: [], coords: [] };
    }
  }

  text(text: string): void {
    this.chars += text;
  }

  close(name: string, line: number): void {
    const value = this.chars.trim();
    this.chars = '';
    this.path.pop();
    const parent = this.path[this.path.length - 1];
    if (name === 'Schema') this.currentSchema = null;
    const p = this.placemark;
    if (!p) return;
    switch (name) {
      case 'name':
      case 'description':
        if (parent === 'Placemark' && value !== '') p.columns[name] ??= value;
        break;
      case 'value':
        if (parent === 'Data' && this.dataName) p.columns[this.dataName] = value;
        break;
      case 'SimpleData':
        if (this.dataName) p.columns[this.dataName] = this.typed(p.schema, this.dataName, value);
        break;
      case 'coordinates':
        this.coordinates(p, parent, value, line);
        break;
      case 'when':
        p.track?.when.push(this.time(p, value, line));
        break;
      case 'coord':
        this.trackCoord(p, value, line);
        break;
      case 'Polygon':
        if (p.rings && p.rings.length > 0) p.parts.push({ type: 'Polygon', coordinates: p.rings });
        p.rings = null;
        break;
      case 'Track':
        this.finishTrack(p, line);
        break;
      case 'Placemark':
        this.finish(p);
        this.placemark = null;
        break;
    }
  }

  take(): SourceRecord[] {
    return this.done.splice(0);
  }

  private typed(schema: string | null, field: string, value: string): unknown {
    const type = this.schemas.get(schema ?? '')?.get(field);
    if (value === '') return null;
    if (type && NUMERIC.has(type) && Number.isFinite(Number(value))) return Number(value);
    if (type === 'bool') return value === '1' || value.toLowerCase() === 'true';
    return value;
  }

  private coordinates(p: Placemark, parent: string | undefined, value: string, line: number): void {
    const tuples: number[][] = [];
    for (const tuple of value.split(/\s+/).filter((t) => t !== '')) {
      const numbers = numbersOf(tuple.replace(/,/g, ' '));
      if (!numbers || numbers.length < 2 || !/^[^,]+,[^,]+(,[^,]+)?$/.test(tuple)) {
        p.problem ??= `<coordinates> at line ${line} has "${tuple.slice(0, 40)}", not lon,lat[,alt]`;
        return;
      }
      tuples.push(numbers.slice(0, 2));
    }
    if (parent === 'Point') p.parts.push({ type: 'Point', coordinates: tuples[0] ?? [] });
    else if (parent === 'LineString') p.parts.push({ type: 'LineString', coordinates: tuples });
    else if (parent === 'LinearRing' && p.rings) p.rings.push(tuples);
    else if (parent === 'LinearRing') p.parts.push({ type: 'Polygon', coordinates: [tuples] });
  }

  private time(p: Placemark, value: string, line: number): number | null {
    const ms = Date.parse(value);
    if (value !== '' && Number.isNaN(ms)) p.problem ??= `<when> at line ${line} is ${JSON.stringify(value)}, not an ISO 8601 time`;
    return Number.isNaN(ms) ? null : ms / 1000;
  }

  private trackCoord(p: Placemark, value: string, line: number): void {
    const numbers = numbersOf(value);
    if (!numbers || numbers.length < 2) p.problem ??= `<gx:coord> at line ${line} has "${value.slice(0, 40)}", not "lon lat alt"`;
    else p.track?.coords.push(numbers.slice(0, 2));
  }

  private finishTrack(p: Placemark, line: number): void {
    const track = p.track;
    p.track = null;
    if (!track) return;
    if (track.when.length > 0 && track.when.length !== track.coords.length) {
      p.problem ??= `the gx:Track ending at line ${line} has ${track.when.length} <when> but ${track.coords.length} <gx:coord>`;
    }
    p.parts.push({ type: 'LineString', coordinates: track.coords, times: track.when.length > 0 ? track.when : undefined });
  }

  private finish(p: Placemark): void {
    const name = typeof p.columns.name === 'string' ? ` "${p.columns.name}"` : '';
    const where = `Placemark${name} (line ${p.line})`;
    if (p.parts.length === 0) {
      const problem = p.problem ?? 'the placemark has no geometry';
      this.done.push({ row: ++this.row, where, columns: p.columns, geometry: null, problem, problemField: 'geometry' });
      return;
    }
    const geometry = combine(p.parts);
    if (typeof geometry === 'string') {
      this.done.push({ row: ++this.row, where, columns: p.columns, geometry: null, problem: geometry, problemField: 'geometry' });
      return;
    }
    if (!p.problem && !this.accepts.includes(geometry.type)) {
      this.done.push({ row: 0, columns: {}, geometry: null, skip: `a ${geometry.type} placemark (this layer takes ${this.accepts.join(' or ')})` });
      return;
    }
    const record: SourceRecord = { row: ++this.row, where, columns: p.columns, geometry, srid: 4326 };
    const track = p.parts.length === 1 && p.parts[0].type === 'LineString' ? p.parts[0].times : undefined;
    if (track) record.times = track;
    if (p.problem) record.problem = p.problem;
    this.done.push(record);
  }
}

function combine(parts: Part[]): GeoJsonGeometry | string {
  if (parts.length === 1) return { type: parts[0].type, coordinates: parts[0].coordinates };
  const types = new Set(parts.map((p) => p.type));
  if (types.size > 1) return `the MultiGeometry mixes ${[...types].join(' and ')}; split it into one placemark per kind`;
  return { type: `Multi${parts[0].type}`, coordinates: parts.map((p) => p.coordinates) };
}
