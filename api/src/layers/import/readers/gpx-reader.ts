import type { SourceReader, SourceRecord } from '../import-types';
import { readXml, type XmlSink, type XmlTag } from './xml-stream';

/** What the target layer takes from a GPX file. */
export type GpxWant = 'waypoints' | 'tracks-with-times' | 'lines';

interface GpxPoint {
  lon: number;
  lat: number;
  time: number | null;
}

interface Feature {
  kind: 'wpt' | 'trk' | 'rte';
  line: number;
  columns: Record<string, unknown>;
  segments: GpxPoint[][];
  problem: string | null;
}

const FEATURE_FIELDS = new Set(['name', 'desc', 'cmt', 'src', 'type', 'number', 'sym', 'ele', 'time']);
const GPX_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * GPX 1.0/1.1: each track segment becomes a line whose vertices carry their <time> (tracks
 * without times are kept, times unknown); routes are lines; waypoints are points. What the
 * target layer cannot take is counted as skipped.
 */
export function openGpx(path: string, want: GpxWant): SourceReader {
  return {
    info: { format: 'gpx', encoding: 'UTF-8', crs: { srid: 4326, name: 'EPSG:4326 (GPX is WGS 84)', how: 'assumed' }, columns: [], notes: [] },
    records: () => readXml(path, 'GPX', new GpxSink(want)),
  };
}

class GpxSink implements XmlSink<SourceRecord> {
  private readonly done: SourceRecord[] = [];
  private readonly path: string[] = [];
  private feature: Feature | null = null;
  private point: (GpxPoint & { line: number }) | null = null;
  private chars = '';
  private row = 0;

  constructor(private readonly want: GpxWant) {}

  open(tag: XmlTag): void {
    this.path.push(tag.name);
    this.chars = '';
    if (tag.name === 'wpt' || tag.name === 'trk' || tag.name === 'rte') {
      this.feature = { kind: tag.name, line: tag.line, columns: {}, segments: tag.name === 'trk' ? [] : [[]], problem: null };
    }
    if (tag.name === 'trkseg' && this.feature) this.feature.segments.push([]);
    if ((tag.name === 'wpt' || tag.name === 'trkpt' || tag.name === 'rtept') && this.feature) this.startPoint(tag);
  }

  text(text: string): void {
    this.chars += text;
  }

  close(name: string): void {
    const value = this.chars.trim();
    this.chars = '';
    const parent = this.path[this.path.length - 2];
    this.path.pop();
    const feature = this.feature;
    if (!feature) return;
    if (name === 'time' && this.point && (parent === 'trkpt' || parent === 'rtept' || parent === 'wpt')) this.pointTime(value);
    else if (value !== '' && this.isFieldOf(parent) && (FEATURE_FIELDS.has(name) || this.path.includes('extensions'))) {
      feature.columns[name] ??= value;
    }
    if ((name === 'trkpt' || name === 'rtept' || name === 'wpt') && this.point) {
      feature.segments[feature.segments.length - 1]?.push(this.point);
      this.point = null;
    }
    if (name === feature.kind) {
      this.finish(feature);
      this.feature = null;
    }
  }

  take(): SourceRecord[] {
    return this.done.splice(0);
  }

  /** Fields of the feature itself (not of its points), including its <extensions>. */
  private isFieldOf(parent: string | undefined): boolean {
    const kind = this.feature!.kind;
    return parent === kind || (kind === 'wpt' && this.path.includes('wpt')) || (this.path.includes('extensions') && !this.point);
  }

  private startPoint(tag: XmlTag): void {
    const [lat, lon] = [Number(tag.attributes.lat), Number(tag.attributes.lon)];
    this.point = { lat, lon, time: null, line: tag.line };
    if (tag.attributes.lat === undefined || tag.attributes.lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) {
      this.feature!.problem ??= `<${tag.name}> at line ${tag.line} has lat=${JSON.stringify(tag.attributes.lat ?? null)} lon=${JSON.stringify(tag.attributes.lon ?? null)}; both must be numbers`;
    }
  }

  private pointTime(value: string): void {
    const ms = GPX_TIME.test(value) ? Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? value : `${value}Z`) : NaN;
    if (Number.isNaN(ms)) this.feature!.problem ??= `<time> at line ${this.point!.line} is ${JSON.stringify(value)}, not an ISO 8601 time`;
    else this.point!.time = ms / 1000;
  }

  private finish(feature: Feature): void {
    const label = `${{ wpt: 'waypoint', trk: 'track', rte: 'route' }[feature.kind]}${feature.columns.name ? ` "${feature.columns.name}"` : ''}`;
    const skip = this.skipReason(feature.kind);
    if (skip) {
      this.done.push({ row: 0, columns: {}, geometry: null, skip });
      return;
    }
    const segments = feature.segments.filter((s) => s.length > 0);
    if (segments.length === 0) segments.push([]);
    segments.forEach((points, i) => {
      const where = `${label}${segments.length > 1 ? ` segment ${i + 1}` : ''} (line ${feature.line})`;
      const columns = segments.length > 1 ? { ...feature.columns, segment: i + 1 } : feature.columns;
      const geometry =
        feature.kind === 'wpt'
          ? { type: 'Point', coordinates: [points[0]?.lon, points[0]?.lat] }
          : { type: 'LineString', coordinates: points.map((p) => [p.lon, p.lat]) };
      const record: SourceRecord = { row: ++this.row, where, columns, geometry, srid: 4326 };
      if (this.want === 'tracks-with-times') record.times = points.map((p) => p.time);
      if (feature.problem) record.problem = feature.problem;
      this.done.push(record);
    });
  }

  private skipReason(kind: Feature['kind']): string | null {
    if (this.want === 'waypoints') return kind === 'wpt' ? null : 'a GPX track or route (this layer takes points)';
    if (kind === 'wpt') return 'a GPX waypoint (this layer takes lines)';
    if (this.want === 'tracks-with-times' && kind === 'rte') return 'a GPX route (patrol tracks are recorded tracks, <trk>)';
    return null;
  }
}
