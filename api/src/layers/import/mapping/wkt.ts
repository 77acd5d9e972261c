import type { GeoJsonGeometry } from '../../geojson-types';

export interface ParsedWkt {
  geometry: GeoJsonGeometry;
  /** From an EWKT `SRID=…;` prefix. */
  srid: number | null;
  /** The M of each vertex of a LineString M (null where NaN): a track's times. */
  measures: (number | null)[] | null;
}

type Tuple = number[];
type Nested = Tuple | Nested[];

const TYPES: Record<string, { geojson: string; depth: number }> = {
  POINT: { geojson: 'Point', depth: 0 },
  LINESTRING: { geojson: 'LineString', depth: 1 },
  POLYGON: { geojson: 'Polygon', depth: 2 },
  MULTIPOINT: { geojson: 'MultiPoint', depth: 1 },
  MULTILINESTRING: { geojson: 'MultiLineString', depth: 2 },
  MULTIPOLYGON: { geojson: 'MultiPolygon', depth: 3 },
};

/** Parses WKT or EWKT (2D, Z, M, ZM) into GeoJSON; throws an Error naming what is wrong. */
export function parseWkt(text: string): ParsedWkt {
  const m = /^\s*(?:SRID=(\d+);)?\s*([A-Za-z]+)\s*(ZM|Z|M)?\s*/i.exec(text);
  if (!m) throw new Error('is not WKT (expected e.g. POINT(139.7 35.7))');
  const type = TYPES[m[2].toUpperCase()];
  if (!type) throw new Error(`has the geometry type ${m[2]}, which cannot be imported`);
  const dims = (m[3] ?? '').toUpperCase();
  const reader = new Reader(text, m[0].length);
  if (reader.peekWord() === 'EMPTY') throw new Error('is EMPTY');
  const raw = reader.nested(type.depth);
  reader.end();
  const hasM = dims === 'M' || dims === 'ZM';
  const mIndex = dims === 'ZM' ? 3 : 2;
  const coordinates = mapTuples(raw, type.depth, (t) => t.slice(0, dims === 'Z' || dims === '' ? t.length : 2));
  const measures = hasM && type.geojson === 'LineString' ? (raw as Tuple[]).map((t) => (Number.isNaN(t[mIndex]) ? null : (t[mIndex] ?? null))) : null;
  return { geometry: { type: type.geojson, coordinates }, srid: m[1] ? Number(m[1]) : null, measures };
}

function mapTuples(value: Nested, depth: number, f: (t: Tuple) => Tuple): Nested {
  return depth === 0 ? f(value as Tuple) : (value as Nested[]).map((v) => mapTuples(v, depth - 1, f));
}

class Reader {
  constructor(
    private readonly text: string,
    private pos: number,
  ) {}

  peekWord(): string {
    return /^\s*([A-Za-z]*)/.exec(this.text.slice(this.pos))![1].toUpperCase();
  }

  /** depth 0: one tuple "x y"; depth 1: "(x y, x y)"; MULTIPOINT also accepts "((x y), (x y))". */
  nested(depth: number): Nested {
    if (depth === 0) return this.parenthesisedTuple();
    this.expect('(');
    const items: Nested[] = [];
    do {
      items.push(depth === 1 ? this.tupleMaybeParenthesised() : this.nested(depth - 1));
    } while (this.accept(','));
    this.expect(')');
    return items;
  }

  end(): void {
    this.skipSpace();
    if (this.pos < this.text.length) this.fail('unexpected text');
  }

  private parenthesisedTuple(): Tuple {
    this.expect('(');
    const tuple = this.tuple();
    this.expect(')');
    return tuple;
  }

  private tupleMaybeParenthesised(): Tuple {
    this.skipSpace();
    return this.text[this.pos] === '(' ? this.parenthesisedTuple() : this.tuple();
  }

  private tuple(): Tuple {
    const out: number[] = [];
    for (;;) {
      this.skipSpace();
      const m = /^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|nan)/i.exec(this.text.slice(this.pos));
      if (!m) break;
      out.push(m[1].toLowerCase() === 'nan' ? NaN : Number(m[1]));
      this.pos += m[1].length;
    }
    if (out.length < 2) this.fail('a position needs at least two numbers');
    return out;
  }

  private accept(c: string): boolean {
    this.skipSpace();
    if (this.text[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  private expect(c: string): void {
    if (!this.accept(c)) this.fail(`expected "${c}"`);
  }

  private skipSpace(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos++;
  }

  private fail(why: string): never {
    throw new Error(`is not valid WKT: ${why} at character ${this.pos + 1}`);
  }
}
