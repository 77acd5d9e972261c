import { AnalysisRunEntity } from './analysis-run.entity';
import { AuditLogEntity } from './audit-log.entity';
import { LayerStateEntity } from './layer-state.entity';
import { OrganisationEntity } from './organisation.entity';
import { UserEntity } from './user.entity';

export * from './analysis-run.entity';
export * from './audit-log.entity';
export * from './layer-state.entity';
export * from './organisation.entity';
export * from './user.entity';

export const ENTITIES = [OrganisationEntity, UserEntity, AnalysisRunEntity, AuditLogEntity, LayerStateEntity];
