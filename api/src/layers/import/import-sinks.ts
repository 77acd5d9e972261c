import type { LayerDefinition } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import { copyCell, copyLine, copyNumberArray, copyText, COPY_NULL } from './copy-text';
import type { AcceptedRow, PipelineSink, RowOutcome } from './import-pipeline';
import type { ImportStagingRepository, StagingCopy } from './import-staging.repository';
import type { RejectedRow } from './import-types';

export interface StagedOutcome {
  imported: number;
  updated: number;
  /** Staged rows whose geometry PostGIS refused: the first ones by row, and how many in all. */
  geometryRejected: RejectedRow[];
  geometryRejectedCount: number;
}

/**
 * Streams accepted rows into the import's staging table with COPY, one write per batch, waiting
 * whenever PostgreSQL is behind, so memory holds one batch whatever the file size. `finish`
 * checks the staged geometries in SQL and, unless the import is to be refused, moves the sound
 * rows into the layer table in one statement.
 */
export class StagedImportWriter implements PipelineSink {
  staged = 0;

  private constructor(
    private readonly em: EntityManager,
    private readonly staging: ImportStagingRepository,
    private readonly copy: StagingCopy,
    private readonly layer: LayerDefinition,
  ) {}

  static async open(em: EntityManager, staging: ImportStagingRepository, layer: LayerDefinition): Promise<StagedImportWriter> {
    return new StagedImportWriter(em, staging, await staging.open(em, layer), layer);
  }

  async accept(rows: AcceptedRow[]): Promise<void> {
    if (rows.length === 0) return;
    let text = '';
    for (const row of rows) text += copyLine(this.cells(row));
    await this.copy.write(text);
    this.staged += rows.length;
  }

  /** Cancels the COPY if it is still open: the import failed and its transaction rolls back. */
  abort(): Promise<void> {
    return this.copy.abort();
  }

  /**
   * Ends the COPY, checks every staged geometry, and writes unless `refuse(problems)` says the
   * import is refused (strict mode with bad rows).
   */
  async finish(
    target: { organisationId: string; userId: string | null; keyed: boolean; reportLimit: number },
    refuse: (geometryProblems: number) => boolean,
  ): Promise<StagedOutcome> {
    await this.copy.end();
    const problems = await this.staging.geometryProblems(this.em, target.reportLimit);
    const geometryRejected: RejectedRow[] = problems.first.map((p) => {
      const reason = `the geometry is not valid: ${p.reason}`;
      return { row: p.row, reason: p.place ? `${p.place}: ${reason}` : reason, code: 'INVALID_GEOMETRY', field: 'geometry' };
    });
    const outcome = { imported: 0, updated: 0, geometryRejected, geometryRejectedCount: problems.count };
    if (refuse(problems.count)) return outcome;
    if (!target.keyed) return { ...outcome, imported: await this.staging.insertStaged(this.em, this.layer, target.organisationId) };
    const { inserted, updated } = await this.staging.upsertStaged(this.em, this.layer, target.organisationId, target.userId);
    return { ...outcome, imported: inserted, updated };
  }

  /** The cells of `stagedColumns`. */
  private cells(row: AcceptedRow): string[] {
    const { feature } = row;
    return [
      String(row.row),
      row.externalId === null ? COPY_NULL : copyText(row.externalId),
      copyText(JSON.stringify(feature.extra)),
      ...this.layer.properties.map((p) => {
        const value = feature.values[p.name];
        return p.type === 'json' && value !== null && value !== undefined ? copyText(JSON.stringify(value)) : copyCell(value);
      }),
      row.where === null ? COPY_NULL : copyText(row.where),
      copyText(JSON.stringify(feature.geometry)),
      copyNumberArray(feature.measures),
    ];
  }
}

/** Keeps the first rows of a file, whatever became of them, for a preview; writes nothing. */
export class PreviewCollector implements PipelineSink {
  private rows: RowOutcome[] = [];
  private full = false;

  constructor(private readonly limit: number) {}

  outcome(outcome: RowOutcome): void {
    if (!this.full) this.rows.push(outcome);
  }

  async accept(): Promise<void> {
    // Outcomes of one batch arrive in any order; a whole batch holds the first rows.
    if (this.rows.length >= this.limit) this.full = true;
  }

  firstRows(): RowOutcome[] {
    return [...this.rows].sort((a, b) => a.row - b.row).slice(0, this.limit);
  }
}
