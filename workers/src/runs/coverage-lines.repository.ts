import type { EntityManager } from 'typeorm';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { CoverageLineRecord, CoverageLines } from '../handlers/analysis-handler';
import { ByteWriter } from './byte-writer';

/** Bytes per COPY chunk handed to the connection (about 500 lines). */
const CHUNK_BYTES = 192 * 1024;

const COLUMNS = 'run_id, part, srid, target_id, properties, spots, length_m, seen_m, lit_m, seen_or_lit_m, blind_spots, dark_spots, geom';
const FIELDS = 13;
/** COPY's binary format: signature, flags, header extension length; and the trailer. */
const HEADER = Buffer.concat([Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'), Buffer.alloc(8)]);
const TRAILER = Buffer.from([0xff, 0xff]);

function finite(x: unknown): number {
  const n = Number(x);
  if (!Number.isFinite(n)) throw new Error(`coverage line figure ${String(x)} is not a finite number`);
  return n;
}

/**
 * Coverage lines in COPY's binary format, appended to `out` (no text to parse: the geometry goes in
 * as the EWKB the run read, numbers as IEEE doubles, JSON as written). The fields follow COLUMNS.
 */
function writeLine(out: ByteWriter, runId: Buffer, part: number | null, srid: number, l: CoverageLineRecord): void {
  const f = l.figures;
  out.int16(FIELDS);
  out.int32(runId.byteLength);
  out.bytes(runId);
  if (part === null) out.int32(-1);
  else int4(out, part);
  int4(out, srid);
  out.int32(8);
  out.int64(finite(l.targetId));
  out.lengthPrefixed(() => l.writeProperties(out));
  out.lengthPrefixed(() => l.writeSpots(out));
  float8(out, f.lengthM);
  float8(out, f.seenM);
  float8(out, f.litM);
  float8(out, f.seenOrLitM);
  int4(out, l.spotCounts.blind);
  int4(out, l.spotCounts.dark);
  out.int32(l.ewkb.byteLength);
  out.bytes(l.ewkb);
}

function int4(out: ByteWriter, v: number): void {
  out.int32(4);
  out.int32(v);
}

function float8(out: ByteWriter, v: number): void {
  out.int32(8);
  out.float64(finite(v));
}

/** The pg client under a transaction's EntityManager (COPY is not part of TypeORM's API). */
async function connectionOf(tx: EntityManager): Promise<PoolClient> {
  if (!tx.queryRunner) throw new Error('coverage lines are written inside a transaction');
  return (await tx.queryRunner.connect()) as PoolClient;
}

/**
 * Statements on coverage_line and coverage_reuse, run inside the caller's transaction (the run's
 * "succeeded" mark, or a part's rewrite). One row per line, streamed with a binary COPY as the
 * lines are made: the database stores one chunk while the next is encoded. Spots are cut from the
 * line when read; the geometry is the one the run computed on, so results always match it. A
 * failure midway cancels the COPY (the transaction then rolls back).
 */
export async function insertCoverageLines(tx: EntityManager, runId: string, part: number | null, lines: CoverageLines, srid: number): Promise<void> {
  if (lines.length === 0) return;
  const id = Buffer.from(runId.replace(/-/g, ''), 'hex');
  if (id.length !== 16) throw new Error(`run id ${runId} is not a UUID`);
  const client = await connectionOf(tx);
  const stream = client.query(copyFrom(`COPY coverage_line (${COLUMNS}) FROM STDIN (FORMAT binary)`));
  const failed = new Promise<never>((_, reject) => stream.once('error', reject));
  failed.catch(() => undefined);
  const finished = new Promise<void>((resolve) => stream.once('finish', resolve));
  // After each chunk the event loop turns, so that the socket hands it to the database meanwhile.
  const write = (chunk: Buffer) =>
    Promise.race([failed, new Promise<void>((resolve) => (stream.write(chunk) ? setImmediate(resolve) : stream.once('drain', resolve)))]);
  try {
    const out = new ByteWriter(CHUNK_BYTES + 64 * 1024);
    out.bytes(HEADER);
    for (const line of lines) {
      writeLine(out, id, part, srid, line);
      if (out.length >= CHUNK_BYTES) await write(out.take());
    }
    out.bytes(TRAILER);
    await write(out.take());
    stream.end();
    await Promise.race([finished, failed]);
  } catch (err) {
    if (!stream.destroyed) await new Promise<void>((resolve) => stream.destroy(err as Error).once('close', () => resolve()));
    throw err;
  }
}

/** Results with at most this many lines (an incremental run recomputes a few) are written by the statement that marks the run succeeded. */
export const FEW_LINES = 256;

/**
 * The lines as the parameters of INSERT_LINES (from `$first` on), encoded by the same writers as
 * the COPY: properties and spots as their JSON text, the geometry as its EWKB.
 */
export function lineParams(lines: CoverageLines): unknown[] {
  const cols = { targetId: [] as number[], properties: [] as string[], spots: [] as string[], ewkb: [] as Buffer[] };
  const figures = { lengthM: [] as number[], seenM: [] as number[], litM: [] as number[], seenOrLitM: [] as number[], blind: [] as number[], dark: [] as number[] };
  const out = new ByteWriter(16 * 1024);
  const ends: number[] = [];
  for (const l of lines) {
    cols.targetId.push(finite(l.targetId));
    l.writeProperties(out);
    ends.push(out.length);
    l.writeSpots(out);
    ends.push(out.length);
    cols.ewkb.push(Buffer.from(l.ewkb.buffer, l.ewkb.byteOffset, l.ewkb.byteLength));
    figures.lengthM.push(finite(l.figures.lengthM));
    figures.seenM.push(finite(l.figures.seenM));
    figures.litM.push(finite(l.figures.litM));
    figures.seenOrLitM.push(finite(l.figures.seenOrLitM));
    figures.blind.push(l.spotCounts.blind);
    figures.dark.push(l.spotCounts.dark);
  }
  const text = out.take();
  ends.forEach((end, i) => (i % 2 === 0 ? cols.properties : cols.spots).push(text.toString('utf8', i === 0 ? 0 : ends[i - 1], end)));
  return [cols.targetId, cols.properties, cols.spots, figures.lengthM, figures.seenM, figures.litM, figures.seenOrLitM, figures.blind, figures.dark, cols.ewkb];
}

/** Inserts run $1's lines (srid $2) bound by lineParams from `$first` on; nothing unless `condition` holds. */
export function INSERT_LINES(first: number, condition: string): string {
  const $ = (i: number) => `$${first + i}`;
  return `INSERT INTO coverage_line (${COLUMNS})
          SELECT $1::uuid, NULL, $2::int, u.t, u.p, u.s, u.len, u.seen, u.lit, u.sol, u.b, u.d, ST_GeomFromEWKB(u.g)
            FROM unnest(${$(0)}::bigint[], ${$(1)}::text[], ${$(2)}::text[], ${$(3)}::float8[], ${$(4)}::float8[], ${$(5)}::float8[],
                        ${$(6)}::float8[], ${$(7)}::int[], ${$(8)}::int[], ${$(9)}::bytea[]) AS u(t, p, s, len, seen, lit, sol, b, d, g)
           WHERE ${condition}`;
}

/**
 * The run keeps `fromRunId`'s lines except `exceptTargetIds`, and, through it, whatever that run
 * kept of earlier ones (each reference flattened, so reading never follows a chain).
 */
export async function insertCoverageReuse(tx: EntityManager, runId: string, fromRunId: string, exceptTargetIds: readonly number[]): Promise<void> {
  await tx.query(INSERT_REUSE('$2', '$3', 'true'), [runId, fromRunId, exceptTargetIds]);
}

/** Run $1 keeps run `from`'s lines except `except` (parameters), and what that run kept; nothing unless `condition` holds. */
export function INSERT_REUSE(from: string, except: string, condition: string): string {
  return `INSERT INTO coverage_reuse (run_id, from_run_id, except_target_ids)
          SELECT $1::uuid, ${from}::uuid, ${except}::bigint[] WHERE ${condition}
          UNION ALL
          SELECT $1::uuid, u.from_run_id, ARRAY(SELECT DISTINCT x FROM unnest(u.except_target_ids || ${except}::bigint[]) x ORDER BY x)
            FROM coverage_reuse u WHERE u.run_id = ${from}::uuid AND ${condition}`;
}

/** A run's coverage lines and the references to earlier runs' lines. */
export async function deleteCoverageLines(tx: EntityManager, runId: string): Promise<void> {
  await tx.query(`DELETE FROM coverage_reuse WHERE run_id = $1`, [runId]);
  await tx.query(`DELETE FROM coverage_line WHERE run_id = $1`, [runId]);
}
