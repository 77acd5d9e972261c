import { invalidFile } from '../import-errors';
import type { SourceReader, SourceRecord } from '../import-types';
import { assembleMultipolygon, type RingMember } from './osm-rings';
import { readXml, type XmlSink, type XmlTag } from './xml-stream';

/** Nodes kept in memory to build ways; an extract beyond this is a job for osmium/ogr2ogr first. */
const MAX_NODES = 5_000_000;

interface Element {
  type: 'node' | 'way' | 'relation';
  id: number;
  line: number;
  tags: Record<string, string>;
  nodes: number[];
  members: { type: string; ref: number; role: string }[];
}

/**
 * OpenStreetMap XML (.osm, as JOSM or the Overpass API write it): tagged nodes become points,
 * tagged ways lines (closed ways can become outlines), multipolygon relations polygons. Tags
 * are the columns, with osm_type and osm_id; the layer's OSM profile picks its objects.
 */
export function openOsm(path: string): SourceReader {
  return {
    info: {
      format: 'osm',
      encoding: 'UTF-8',
      crs: { srid: 4326, name: 'EPSG:4326 (OSM is WGS 84)', how: 'assumed' },
      columns: [],
      notes: ['OpenStreetMap data © OpenStreetMap contributors, ODbL 1.0'],
    },
    records: () => readXml(path, 'OSM', new OsmSink()),
  };
}

class OsmSink implements XmlSink<SourceRecord> {
  private readonly done: SourceRecord[] = [];
  private readonly coords = new Map<number, [number, number]>();
  private readonly wayNodes = new Map<number, number[]>();
  private element: Element | null = null;
  private row = 0;

  open(tag: XmlTag): void {
    const a = tag.attributes;
    if (tag.name === 'node' || tag.name === 'way' || tag.name === 'relation') {
      this.element = { type: tag.name, id: Number(a.id), line: tag.line, tags: {}, nodes: [], members: [] };
      if (tag.name === 'node') this.node(a, tag.line);
    } else if (this.element) {
      if (tag.name === 'tag' && a.k !== undefined) this.element.tags[a.k] = a.v ?? '';
      else if (tag.name === 'nd') this.element.nodes.push(Number(a.ref));
      else if (tag.name === 'member') this.element.members.push({ type: a.type ?? '', ref: Number(a.ref), role: a.role ?? '' });
    }
  }

  text(): void {}

  close(name: string): void {
    const e = this.element;
    if (!e || name !== e.type) return;
    this.element = null;
    if (e.type === 'way') this.wayNodes.set(e.id, e.nodes);
    if (Object.keys(e.tags).length === 0) return;
    const columns: Record<string, unknown> = { osm_type: e.type, osm_id: e.id, ...e.tags };
    const where = `${e.type} ${e.id} (line ${e.line})`;
    const geometry = this.geometryOf(e);
    if (geometry.skip) this.done.push({ row: 0, columns: {}, geometry: null, skip: geometry.skip });
    else if (geometry.problem) this.done.push({ row: ++this.row, where, columns, geometry: null, problem: geometry.problem, problemField: 'geometry' });
    else this.done.push({ row: ++this.row, where, columns, geometry: geometry.value!, srid: 4326 });
  }

  take(): SourceRecord[] {
    return this.done.splice(0);
  }

  private node(a: Record<string, string>, line: number): void {
    const [lon, lat] = [Number(a.lon), Number(a.lat)];
    if (!Number.isFinite(lon) || !Number.isFinite(lat)) {
      if (a.visible === 'false') return;
      throw invalidFile(`node ${a.id} at line ${line} has lat=${JSON.stringify(a.lat ?? null)} lon=${JSON.stringify(a.lon ?? null)}`, { line });
    }
    if (this.coords.size >= MAX_NODES) {
      throw invalidFile(`the OSM file has more than ${MAX_NODES} nodes; import a smaller extract (e.g. cut it with osmium extract)`);
    }
    this.coords.set(Number(a.id), [lon, lat]);
  }

  private geometryOf(e: Element): { value?: SourceRecord['geometry']; skip?: string; problem?: string } {
    switch (e.type) {
      case 'node':
        return { value: { type: 'Point', coordinates: this.coords.get(e.id) } };
      case 'way': {
        const missing = e.nodes.filter((n) => !this.coords.has(n)).length;
        if (missing > 0) return { skip: 'a way with nodes outside this extract' };
        return { value: { type: 'LineString', coordinates: e.nodes.map((n) => this.coords.get(n)) } };
      }
      case 'relation': {
        if (e.tags.type !== 'multipolygon') return { skip: `an OSM relation of type ${e.tags.type ?? 'none'} (only multipolygons are read)` };
        const ways = e.members.filter((m) => m.type === 'way');
        if (ways.some((m) => !this.wayNodes.has(m.ref) || this.wayNodes.get(m.ref)!.some((n) => !this.coords.has(n)))) {
          return { skip: 'a multipolygon relation with members outside this extract' };
        }
        const members: RingMember[] = ways.map((m) => ({ role: m.role, nodes: this.wayNodes.get(m.ref)! }));
        const polygon = assembleMultipolygon(members, (n) => this.coords.get(n)!);
        return typeof polygon === 'string' ? { problem: `the multipolygon cannot be assembled: ${polygon}` } : { value: polygon };
      }
    }
  }
}
