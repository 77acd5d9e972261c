import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { COUNTERMEASURE_OWNERS, COUNTERMEASURE_STATUSES, MAX_NOTE_LENGTH, type CountermeasureOwner, type CountermeasureStatus } from './countermeasure-rules';
import type { CountermeasureRow } from './countermeasures.repository';

/** Request bodies are checked by countermeasure-rules.ts; these classes document them. */
export class CreateCountermeasureBody {
  @ApiProperty({ format: 'uuid', description: 'A succeeded route-audit run' }) runId!: string;
  @ApiPropertyOptional({ example: '12-dark-unwatched-1', description: 'The finding’s findingId property (give this or featureIndex)' }) findingId?: string;
  @ApiPropertyOptional({ minimum: 0, description: '0-based position of the finding in GET /api/analyses/{id}/features' }) featureIndex?: number;
  @ApiProperty({ enum: COUNTERMEASURE_OWNERS, description: 'Who acts: school, road manager (道路管理者), police or city' }) owner!: string;
  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, nullable: true }) note?: string | null;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-31', nullable: true }) dueOn?: string | null;
}

export class ChangeCountermeasureBody {
  @ApiPropertyOptional({ enum: COUNTERMEASURE_STATUSES, description: 'Forward only (open → planned → done); an admin may move back' }) status?: string;
  @ApiPropertyOptional({ enum: COUNTERMEASURE_OWNERS }) owner?: string;
  @ApiPropertyOptional({ maxLength: MAX_NOTE_LENGTH, nullable: true }) note?: string | null;
  @ApiPropertyOptional({ format: 'date', nullable: true }) dueOn?: string | null;
}

export class CountermeasureView {
  @ApiProperty() id!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) runId!: string | null;
  @ApiProperty() routeId!: number;
  @ApiProperty({ example: 'dark-unwatched' }) rule!: string;
  @ApiProperty({ type: String, nullable: true }) findingId!: string | null;
  @ApiProperty({ enum: ['high', 'medium', 'low'], nullable: true, type: String }) severity!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The finding’s message (Japanese)' }) message!: string | null;
  @ApiProperty({ type: String, nullable: true }) messageEn!: string | null;
  @ApiProperty({ enum: COUNTERMEASURE_OWNERS }) owner!: CountermeasureOwner;
  @ApiProperty({ enum: COUNTERMEASURE_STATUSES }) status!: CountermeasureStatus;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) dueOn!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The route’s seenPct, litPct, longestDarkUnwatchedM, maxRefugeGapM when the item was created' })
  before!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The finding as it was (properties snapshot)' }) finding!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'GeoJSON geometry of the finding (lon/lat)' }) location!: object | null;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) createdBy!: string | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty() updatedAt!: string;
  @ApiProperty({ description: 'Send it back in If-Match to change the item' }) version!: number;
}

export class CountermeasureListView {
  @ApiProperty({ type: [CountermeasureView] }) countermeasures!: CountermeasureView[];
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

export function toView(row: CountermeasureRow): CountermeasureView {
  return {
    id: row.id,
    runId: row.runId,
    routeId: row.routeId,
    rule: row.rule,
    findingId: text(row.finding.findingId),
    severity: text(row.finding.severity),
    message: text(row.finding.message),
    messageEn: text(row.finding.messageEn),
    owner: row.owner,
    status: row.status,
    note: row.note,
    dueOn: row.dueOn,
    before: row.before,
    finding: row.finding,
    location: row.location,
    organisationId: row.organisationId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
