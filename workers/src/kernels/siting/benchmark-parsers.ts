/** Parsers for the public siting benchmarks in `db/data/benchmarks/` (text in, arrays out). */

export interface ScpInstance {
  numRows: number;
  numColumns: number;
  costs: number[];
  /** Per column (0-based), the rows (0-based) it covers. */
  coverage: number[][];
}

/**
 * OR-Library set covering format (Beasley 1990): `m n`, the n column costs, then per row its
 * number of covering columns and their 1-based indices; all whitespace-separated.
 */
export function parseOrLibraryScp(text: string): ScpInstance {
  const tokens = text.trim().split(/\s+/).map(Number);
  let at = 0;
  const next = (what: string): number => {
    if (at >= tokens.length || !Number.isFinite(tokens[at])) throw new Error(`scp: bad or missing ${what} at token ${at}`);
    return tokens[at++];
  };
  const numRows = next('row count');
  const numColumns = next('column count');
  const costs = Array.from({ length: numColumns }, (_, j) => next(`cost of column ${j + 1}`));
  const coverage: number[][] = Array.from({ length: numColumns }, () => []);
  for (let row = 0; row < numRows; row++) {
    const count = next(`column count of row ${row + 1}`);
    for (let t = 0; t < count; t++) {
      const column = next(`column of row ${row + 1}`);
      if (!Number.isInteger(column) || column < 1 || column > numColumns) throw new Error(`scp: row ${row + 1} names column ${column}`);
      coverage[column - 1].push(row);
    }
  }
  if (at !== tokens.length) throw new Error(`scp: ${tokens.length - at} tokens left after the last row`);
  return { numRows, numColumns, costs, coverage };
}

export interface SpoptSfInstance {
  /** Census tract names (`NAME`), in the demand file's order. */
  tracts: string[];
  population: number[];
  /** Candidate store names, in the site file's order. */
  stores: string[];
  /** Network distance in metres, tract × store. */
  distances: number[][];
}

/**
 * spopt's San Francisco test data: 205 tract centroids with `POP2000`, 16 candidate stores and
 * a long table `distance,name,DestinationName,demand` of store → tract network distances.
 */
export function parseSpoptSanFrancisco(demandCsv: string, storeCsv: string, distanceCsv: string): SpoptSfInstance {
  const demand = csvRecords(demandCsv);
  const tracts = demand.map((r) => field(r, 'NAME'));
  const population = demand.map((r) => Number(field(r, 'POP2000')));
  const stores = csvRecords(storeCsv).map((r) => field(r, 'NAME'));
  const tractRow = new Map(tracts.map((name, i) => [name, i]));
  const storeColumn = new Map(stores.map((name, j) => [name, j]));
  const distances = tracts.map(() => new Array<number>(stores.length).fill(NaN));
  for (const record of csvRecords(distanceCsv)) {
    const i = tractRow.get(field(record, 'DestinationName'));
    const j = storeColumn.get(field(record, 'name'));
    if (i === undefined || j === undefined) throw new Error(`spopt: unknown pair ${JSON.stringify(record)}`);
    distances[i][j] = Number(field(record, 'distance'));
  }
  const missing = distances.findIndex((row) => row.some((d) => !Number.isFinite(d)));
  if (missing >= 0) throw new Error(`spopt: tract ${tracts[missing]} lacks a distance to some store`);
  return { tracts, population, stores, distances };
}

type CsvRecord = Record<string, string>;

function field(record: CsvRecord, name: string): string {
  const value = record[name];
  if (value === undefined) throw new Error(`csv: no column "${name}"`);
  return value;
}

/** Comma-separated values with a header line and optional double-quoted fields. */
export function csvRecords(text: string): CsvRecord[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((line) => line.length > 0);
  const header = splitCsvLine(lines[0] ?? '');
  return lines.slice(1).map((line) => {
    const cells = splitCsvLine(line);
    return Object.fromEntries(header.map((name, c) => [name, cells[c] ?? '']));
  });
}

function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let c = 0; c < line.length; c++) {
    const ch = line[c];
    if (quoted) {
      if (ch === '"' && line[c + 1] === '"') {
        cell += '"';
        c++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      cells.push(cell);
      cell = '';
    } else cell += ch;
  }
  cells.push(cell);
  return cells;
}
