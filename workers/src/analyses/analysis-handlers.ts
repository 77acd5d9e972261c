import type { Provider } from '@nestjs/common';
import { BeatStatsHandler } from './beat-stats/beat-stats.handler';
import { BeatStatsRepository } from './beat-stats/beat-stats.repository';
import { CoverageHandler } from './coverage/coverage.handler';
import { CoverageRepository } from './coverage/coverage.repository';
import { CoverageReuseRepository } from './coverage/coverage-reuse.repository';
import { SitingHandler } from './siting/siting.handler';
import { SitingRepository } from './siting/siting.repository';
import { BeatCheckHandler } from './beat-check/beat-check.handler';
import { BeatCheckStatsRepository } from './beat-check/beat-check-stats.repository';
import { BeatOverlayRepository } from './beat-check/beat-overlay.repository';
import { PatrolCoverageHandler } from './patrol-coverage/patrol-coverage.handler';
import { PatrolRepository } from './patrol-coverage/patrol.repository';
import { RouteAuditHandler } from './route-audit/route-audit.handler';
import { RouteAuditRepository } from './route-audit/route-audit.repository';
import { CoverageInputs } from './shared/coverage-inputs';

/** Every analysis handler with the providers it needs; each new analysis adds its line here. */
export const ANALYSIS_PROVIDERS: Provider[] = [BeatStatsHandler, BeatStatsRepository, CoverageHandler, CoverageRepository, CoverageReuseRepository, CoverageInputs, SitingHandler, SitingRepository,
  BeatCheckHandler, BeatCheckStatsRepository, BeatOverlayRepository, PatrolCoverageHandler, PatrolRepository,
  RouteAuditHandler, RouteAuditRepository];
