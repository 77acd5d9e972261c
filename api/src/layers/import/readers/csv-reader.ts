import { CsvError, parse, type Info } from 'csv-parse';
import iconv from 'iconv-lite';
import { invalidFile } from '../import-errors';
import type { SourceReader, SourceRecord } from '../import-types';
import { decodedStream, detectFileEncoding, encodingLabel, readHead } from '../text-encoding';

interface ParsedRow {
  record: string[];
  info: Info;
}

/**
 * A CSV (or TSV) file as records, read line by line with bounded memory. The header row names
 * the columns; `row` is the line a record ends on, as a text editor or spreadsheet numbers it.
 */
export async function openCsv(path: string, declaredEncoding: string | null): Promise<SourceReader> {
  const encoding = await detectFileEncoding(path, declaredEncoding);
  const head = iconv.decode((await readHead(path, 64 * 1024)).subarray(encoding.bomLength), encoding.encoding);
  const delimiter = delimiterOf(head);
  const decoded = decodedStream(path, encoding);
  const rows = decoded.text.pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, info: true, bom: true }),
  )[Symbol.asyncIterator]() as AsyncIterator<ParsedRow>;
  const first = await next(rows);
  if (!first) throw invalidFile('the CSV file is empty: it needs a header row naming the columns');
  const header = headerOf(first.record);
  const notes = [
    `encoding ${encodingLabel(encoding.encoding)} (${encoding.how === 'detected' ? 'detected: ' + (encoding.encoding === 'utf8' ? 'valid UTF-8' : 'not valid UTF-8') : encoding.how})`,
  ];
  if (delimiter === '\t') notes.push('tab-separated');
  return {
    info: {
      format: 'csv',
      encoding: encodingLabel(encoding.encoding),
      crs: { srid: 4326, name: 'EPSG:4326 (lat/lon), or a JGD2011 plane-rectangular zone per row', how: 'assumed' },
      columns: header,
      notes,
    },
    bytesRead: decoded.bytesRead,
    async *records(): AsyncIterable<SourceRecord> {
      for (;;) {
        const parsed = await next(rows);
        if (!parsed) return;
        yield recordOf(header, parsed);
      }
    },
  };
}

async function next(rows: AsyncIterator<ParsedRow>): Promise<ParsedRow | null> {
  try {
    const result = await rows.next();
    return result.done ? null : result.value;
  } catch (err) {
    const e = err as { code?: string; message: string; lines?: number };
    if (!(err instanceof CsvError) && !e.code?.startsWith('CSV_')) throw err;
    throw invalidFile(`the CSV file cannot be read: ${e.message}`, { line: e.lines ?? null });
  }
}

function headerOf(cells: string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((cell, i) => {
    const name = cell.trim() === '' ? `column${i + 1}` : cell.trim();
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    return count === 1 ? name : `${name}_${count}`;
  });
}

function recordOf(header: string[], { record, info }: ParsedRow): SourceRecord {
  const columns: Record<string, unknown> = {};
  header.forEach((name, i) => (columns[name] = record[i] ?? null));
  const extra = record.slice(header.length).filter((c) => c.trim() !== '');
  const problem = extra.length > 0 ? `the row has ${record.length} cells but the header names ${header.length} columns` : undefined;
  return { row: info.lines, columns, geometry: null, problem };
}

/** Tab-separated when the header line has more tabs than commas (Excel's "Unicode text"). */
export function delimiterOf(head: string): string {
  const line = head.split(/\r?\n/, 1)[0];
  const count = (c: string) => line.split(c).length - 1;
  return count('\t') > count(',') ? '\t' : ',';
}
