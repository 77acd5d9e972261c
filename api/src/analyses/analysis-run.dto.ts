import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANALYSIS_TYPES, RUN_STATUSES, RunStatus } from '@mimamori/workers/contracts';
import { Allow, IsOptional, IsString } from 'class-validator';

export class CreateAnalysisDto {
  @ApiProperty({ enum: ANALYSIS_TYPES, example: 'beat-stats' })
  @IsString()
  type!: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: true, example: { ids: [1, 2] }, description: 'Parameters of the analysis type' })
  @IsOptional()
  @Allow()
  params?: unknown;
}

/** An analysis_run row as the repository reads it. */
export interface RunRow {
  id: string;
  type: string;
  status: RunStatus;
  progress: number;
  summary: Record<string, unknown> | null;
  error: string | null;
  params: Record<string, unknown>;
  attempts: number;
  organisationId: string | null;
  createdBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export class RunView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ANALYSIS_TYPES }) type!: string;
  @ApiProperty({ enum: RUN_STATUSES }) status!: RunStatus;
  @ApiProperty({ minimum: 0, maximum: 1 }) progress!: number;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) summary!: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) error!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) params!: Record<string, unknown>;
  @ApiProperty() attempts!: number;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) startedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) finishedAt!: string | null;
}

export class CreatedRunView extends RunView {
  @ApiProperty({ description: 'true when an identical queued, running or finished run was returned instead of a new one' })
  reused!: boolean;
}

export class RunListView {
  @ApiProperty({ type: [RunView] }) runs!: RunView[];
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toRunView(row: RunRow): RunView {
  return {
    id: row.id,
    type: row.type,
    status: row.status,
    progress: row.progress,
    summary: row.summary,
    error: row.error,
    params: row.params,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}
