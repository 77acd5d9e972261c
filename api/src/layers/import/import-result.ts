import { createHash } from 'node:crypto';
import type { CrsInfo, ImportFormatId, RejectedRow } from './import-types';
import type { RowOutcome } from './import-pipeline';
import { normaliseHeader } from './mapping/column-aliases';

export interface ImportResult {
  imported: number;
  /** Features replaced because their key (external id) was already there. */
  updated: number;
  /** Objects in the file that are not features of this layer (e.g. buildings when importing roads). */
  skipped: number;
  rejected: RejectedRow[];
}

export interface ImportPreview {
  format: ImportFormatId;
  encoding: string | null;
  crs: CrsInfo;
  columns: string[];
  /** target → column the import would use. */
  mapping: Record<string, string>;
  mappingSource: 'request' | 'saved' | 'detected';
  key: string | null;
  rows: RowOutcome[];
  /** Features read (not counting skipped objects). */
  total: number;
  valid: number;
  skipped: number;
  skippedReasons: Record<string, number>;
  rejected: RejectedRow[];
  rejectedCount: number;
  notes: string[];
}

/** Identifies a source by its set of column names, so a saved mapping finds the next file like it. */
export function columnsKey(columns: readonly string[]): string {
  const names = [...new Set(columns.map(normaliseHeader))].sort();
  return createHash('sha256').update(names.join('\u001f')).digest('hex');
}
