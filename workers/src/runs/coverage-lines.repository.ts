import { quoteIdent } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import type { CoverageLineRecord } from '../handlers/analysis-handler';
import { toWkb, WritableGeometry } from '../analyses/shared/wkb-writer';
import { BLIND } from '../analyses/coverage/coverage-features';

const LINES_PER_STATEMENT = 10000;

/**
 * Statements on coverage_line and coverage_reuse, run inside the caller's transaction (the run's
 * "succeeded" mark, or a part's rewrite). One row per line: spots are cut from it when read.
 */
export async function insertCoverageLines(tx: EntityManager, runId: string, part: number | null, lines: readonly CoverageLineRecord[], srid: number): Promise<void> {
  const tables = new Set(lines.flatMap((l) => (l.geometryOf ? [l.geometryOf.table] : [])));
  if (tables.size > 1) throw new Error(`coverage lines of one run come from one layer, not ${[...tables].join(', ')}`);
  const table = tables.size === 1 ? quoteIdent([...tables][0]) : null;
  for (let i = 0; i < lines.length; i += LINES_PER_STATEMENT) {
    const batch = lines.slice(i, i + LINES_PER_STATEMENT);
    // The layer's geometry as the run read it: a line edited meanwhile is not joined (and counted below).
    const layerGeometry = table
      ? `LEFT JOIN ${table} t ON u.w IS NULL AND t.id = u.id AND (u.x IS NULL OR t.xmin::text = u.x)`
      : `LEFT JOIN (SELECT NULL::geometry AS geom) t ON false`;
    const [{ written }] = await tx.query(
      `WITH written AS (
       INSERT INTO coverage_line (run_id, part, target_id, srid, properties, spots, length_m, seen_m, lit_m, seen_or_lit_m, blind_spots, dark_spots, geom)
       SELECT $1, $2, u.id, $3, u.p, u.s, u.len, u.seen, u.lit, u.seen_or_lit, u.blind, u.dark,
              coalesce(t.geom, ST_Transform(ST_GeomFromWKB(u.w, $3), 4326))
         FROM ROWS FROM (unnest($4::bigint[], $5::bytea[], $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::int[], $13::int[], $14::text[]),
                         json_array_elements($6::json), json_array_elements($7::json))
              WITH ORDINALITY AS u(id, w, len, seen, lit, seen_or_lit, blind, dark, x, p, s, n)
         ${layerGeometry}
        WHERE t.geom IS NOT NULL OR u.w IS NOT NULL
        ORDER BY u.n
       RETURNING 1)
       SELECT count(*)::int AS written FROM written`,
      [
        runId,
        part,
        srid,
        batch.map((l) => l.targetId),
        batch.map((l) => (l.geometryOf ? null : toWkb(l.metricGeometry as WritableGeometry))),
        // One JSON text each (a text[] of JSON would escape every quote twice).
        JSON.stringify(batch.map((l) => l.properties)),
        JSON.stringify(batch.map((l) => l.spots)),
        ...(['lengthM', 'seenM', 'litM', 'seenOrLitM'] as const).map((key) => batch.map((l) => Number(l.properties[key]))),
        batch.map((l) => l.spots.filter((s) => s[0] === BLIND).length),
        batch.map((l) => l.spots.filter((s) => s[0] !== BLIND).length),
        batch.map((l) => l.geometryOf?.xmin ?? null),
      ],
    );
    if (written !== batch.length) {
      throw new Error(`${batch.length - written} target line(s) were edited or deleted while the run computed them; the run is retried on the new geometry`);
    }
  }
}

/**
 * The run keeps `fromRunId`'s lines except `exceptTargetIds`, and, through it, whatever that run
 * kept of earlier ones (each reference flattened, so reading never follows a chain).
 */
export async function insertCoverageReuse(tx: EntityManager, runId: string, fromRunId: string, exceptTargetIds: readonly number[]): Promise<void> {
  await tx.query(
    `INSERT INTO coverage_reuse (run_id, from_run_id, except_target_ids)
     SELECT $1::uuid, $2::uuid, $3::bigint[]
     UNION ALL
     SELECT $1::uuid, u.from_run_id, ARRAY(SELECT DISTINCT x FROM unnest(u.except_target_ids || $3::bigint[]) x ORDER BY x)
       FROM coverage_reuse u WHERE u.run_id = $2::uuid`,
    [runId, fromRunId, exceptTargetIds],
  );
}

export async function deleteCoverageLines(tx: EntityManager, runId: string, part?: number): Promise<void> {
  if (part === undefined) {
    await tx.query(`DELETE FROM coverage_reuse WHERE run_id = $1`, [runId]);
    await tx.query(`DELETE FROM coverage_line WHERE run_id = $1`, [runId]);
  } else {
    await tx.query(`DELETE FROM coverage_line WHERE run_id = $1 AND part = $2`, [runId, part]);
  }
}
