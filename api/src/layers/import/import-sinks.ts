import type { LayerDefinition } from '@mimamori/db';
import type { EntityManager } from 'typeorm';
import { paramsPerRow } from '../feature-sql';
import type { FeatureWriteRepository } from '../feature-write.repository';
import type { AcceptedRow, PipelineSink, RowOutcome } from './import-pipeline';

/** PostgreSQL binds at most 65 535 parameters per statement. */
const MAX_PARAMS = 60000;
const MAX_BATCH_ROWS = 1000;

/**
 * Writes accepted rows inside the import's transaction: plain inserts, or upserts on the
 * external id when a key column was given. In strict mode nothing more is written once a row
 * was rejected: the transaction will be rolled back anyway.
 */
export class ImportWriter implements PipelineSink {
  imported = 0;
  updated = 0;

  constructor(
    private readonly em: EntityManager,
    private readonly writes: FeatureWriteRepository,
    private readonly target: { layer: LayerDefinition; organisationId: string; userId: string | null; strict: boolean; keyed: boolean },
  ) {}

  async accept(rows: AcceptedRow[], rejectedSoFar: number): Promise<void> {
    const { layer, organisationId, userId, strict, keyed } = this.target;
    if (strict && rejectedSoFar > 0) return;
    const size = Math.min(MAX_BATCH_ROWS, Math.floor(MAX_PARAMS / (paramsPerRow(layer) + 1)));
    for (let start = 0; start < rows.length; start += size) {
      const batch = rows.slice(start, start + size);
      if (keyed) {
        const keyedRows = batch.map((r) => ({ feature: r.feature, externalId: r.externalId! }));
        const { inserted, updated } = await this.writes.upsertMany(this.em, layer, keyedRows, organisationId, userId);
        this.imported += inserted;
        this.updated += updated;
      } else {
        this.imported += await this.writes.insertMany(this.em, layer, batch.map((r) => r.feature), organisationId);
      }
    }
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
