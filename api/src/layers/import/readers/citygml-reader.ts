import type { GeoJsonGeometry } from '../../geojson-types';
import type { SourceReader, SourceRecord } from '../import-types';
import { numbersOf, readXml, type XmlSink, type XmlTag } from './xml-stream';

interface Owner {
  kind: 'Building' | 'BuildingPart';
  id: string | null;
  line: number;
  columns: Record<string, unknown>;
  footprints: number[][][][];
  solid: { rings: number[][][]; z: number }[];
  parts: Owner[];
}

/** Building attributes read as columns (PLATEAU / CityGML 2.0 bldg: and uro:). */
const ATTRIBUTES = new Set(['measuredHeight', 'storeysAboveGround', 'storeysBelowGround', 'usage', 'class', 'yearOfConstruction', 'buildingID']);
const NUMERIC_ATTRIBUTES = new Set(['measuredHeight', 'storeysAboveGround', 'storeysBelowGround', 'yearOfConstruction']);
const FOOTPRINTS = new Set(['lod0FootPrint', 'lod0RoofEdge']);

interface Crs {
  srid: number;
  /** EPSG axis order of geographic and Japanese plane-rectangular CRSs: first axis is north. */
  northFirst: boolean;
  dimension: number;
}

/**
 * CityGML building footprints (PLATEAU LOD0/LOD1): each bldg:Building becomes one outline
 * (lod0FootPrint, else lod0RoofEdge, else the ground face of lod1Solid; a building made of
 * BuildingParts gets their outlines merged by PostGIS) with measuredHeight and storeys.
 * EPSG:6697 lists latitude, longitude, height: positions are swapped to lon/lat.
 */
export function openCityGml(path: string): SourceReader {
  return {
    info: {
      format: 'citygml',
      encoding: 'UTF-8',
      crs: { srid: 6668, name: 'srsName of the file (PLATEAU: EPSG:6697, JGD2011 lat/lon + height)', how: 'detected' },
      columns: [],
      notes: [],
    },
    records: () => readXml(path, 'CityGML', new CityGmlSink()),
  };
}

class CityGmlSink implements XmlSink<SourceRecord> {
  private readonly done: SourceRecord[] = [];
  private readonly owners: Owner[] = [];
  private readonly path: string[] = [];
  private crs: Crs = crsOf('EPSG:6697', null)!;
  private rings: number[][][] | null = null;
  private ringDimension: number | null = null;
  private genName: string | null = null;
  private chars = '';
  private row = 0;

  open(tag: XmlTag): void {
    this.path.push(tag.name);
    this.chars = '';
    const a = tag.attributes;
    if (a.srsName) this.crs = crsOf(a.srsName, a.srsDimension ?? null) ?? this.crs;
    if (tag.name === 'Building' || tag.name === 'BuildingPart') {
      const owner: Owner = { kind: tag.name, id: a['gml:id'] ?? null, line: tag.line, columns: {}, footprints: [], solid: [], parts: [] };
      if (owner.id) owner.columns.gml_id = owner.id;
      this.owners[this.owners.length - 1]?.parts.push(owner);
      this.owners.push(owner);
    }
    if (tag.name === 'Polygon' && this.geometryContext()) this.rings = [];
    if ((tag.name === 'posList' || tag.name === 'pos') && a.srsDimension) this.ringDimension = Number(a.srsDimension);
    if (tag.name.endsWith('Attribute') && a.name) this.genName = a.name;
  }

  text(text: string): void {
    this.chars += text;
  }

  close(name: string): void {
    const value = this.chars.trim();
    this.chars = '';
    this.path.pop();
    const owner = this.owners[this.owners.length - 1];
    const parent = this.path[this.path.length - 1];
    if (!owner) return;
    if (name === 'posList' && this.rings) this.rings.push(this.positions(value));
    else if (name === 'name' && (parent === 'Building' || parent === 'BuildingPart') && value !== '') owner.columns.name ??= value;
    else if (ATTRIBUTES.has(name) && value !== '') owner.columns[name] = NUMERIC_ATTRIBUTES.has(name) && Number.isFinite(Number(value)) ? Number(value) : value;
    else if (name === 'value' && this.genName && value !== '') owner.columns[this.genName] = Number.isFinite(Number(value)) ? Number(value) : value;
    else if (name.endsWith('Attribute')) this.genName = null;
    if (name === 'Polygon' && this.rings) this.finishPolygon(owner);
    if (name === 'Building' || name === 'BuildingPart') {
      this.owners.pop();
      if (name === 'Building' && this.owners.length === 0) this.finishBuilding(owner);
    }
  }

  take(): SourceRecord[] {
    return this.done.splice(0);
  }

  private geometryContext(): 'footprint' | 'solid' | null {
    if (this.path.some((p) => FOOTPRINTS.has(p))) return 'footprint';
    return this.path.includes('lod1Solid') ? 'solid' : null;
  }

  /** Positions as [east, north] with their third coordinate (height) kept for the solid's ground face. */
  private positions(text: string): number[][] {
    const numbers = numbersOf(text) ?? [];
    const dim = this.ringDimension ?? this.crs.dimension;
    this.ringDimension = null;
    const out: number[][] = [];
    for (let i = 0; i + dim <= numbers.length; i += dim) {
      const [a, b, z] = [numbers[i], numbers[i + 1], dim > 2 ? numbers[i + 2] : 0];
      out.push(this.crs.northFirst ? [b, a, z] : [a, b, z]);
    }
    return out;
  }

  private finishPolygon(owner: Owner): void {
    const rings = this.rings!;
    this.rings = null;
    if (rings.length === 0) return;
    const context = this.geometryContext();
    if (context === 'footprint') owner.footprints.push(rings);
    else if (context === 'solid') owner.solid.push({ rings, z: Math.max(...rings[0].map((p) => p[2])) });
  }

  private finishBuilding(building: Owner): void {
    const all = [building, ...building.parts];
    const polygons = outlinesOf(building).length > 0 ? outlinesOf(building) : building.parts.flatMap(outlinesOf);
    const columns = { ...building.columns };
    for (const key of ['measuredHeight', 'storeysAboveGround'] as const) {
      const values = all.map((o) => o.columns[key]).filter((v): v is number => typeof v === 'number');
      if (columns[key] === undefined && values.length > 0) columns[key] = Math.max(...values);
    }
    if (columns.name === undefined) columns.name = building.parts.find((p) => p.columns.name)?.columns.name;
    const where = `bldg:Building ${building.id ?? ''} (line ${building.line})`.replace('  ', ' ');
    if (polygons.length === 0) {
      const problem = 'the building has no footprint (lod0FootPrint, lod0RoofEdge or lod1Solid)';
      this.done.push({ row: ++this.row, where, columns, geometry: null, problem, problemField: 'geometry' });
      return;
    }
    const flat = polygons.map((rings) => rings.map((ring) => ring.map(([x, y]) => [x, y])));
    const geometry: GeoJsonGeometry = flat.length === 1 ? { type: 'Polygon', coordinates: flat[0] } : { type: 'MultiPolygon', coordinates: flat };
    this.done.push({ row: ++this.row, where, columns, geometry, srid: this.crs.srid, dissolve: flat.length > 1 });
  }
}

/** An owner's footprint polygons; without LOD0, the lowest faces of its LOD1 solid. */
function outlinesOf(owner: Owner): number[][][][] {
  if (owner.footprints.length > 0) return owner.footprints;
  if (owner.solid.length === 0) return [];
  const ground = Math.min(...owner.solid.map((s) => s.z));
  return owner.solid.filter((s) => s.z === ground).map((s) => s.rings);
}

/**
 * The SRID to transform from and the axis order, from a srsName such as
 * "http://www.opengis.net/def/crs/EPSG/0/6697" or "urn:ogc:def:crs:EPSG::6697".
 */
export function crsOf(srsName: string, srsDimension: string | null): Crs | null {
  const code = Number(/(\d{4,5})\s*$/.exec(srsName)?.[1]);
  if (!Number.isFinite(code)) return null;
  const dimension = srsDimension ? Number(srsDimension) : code === 6697 ? 3 : 2;
  if (code === 6697) return { srid: 6668, northFirst: true, dimension };
  const geographic = [4326, 4612, 6668].includes(code);
  const planeRectangular = (code >= 6669 && code <= 6687) || (code >= 2443 && code <= 2461);
  return { srid: code, northFirst: geographic || planeRectangular, dimension };
}
