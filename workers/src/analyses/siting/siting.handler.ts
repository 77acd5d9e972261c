import { Injectable } from '@nestjs/common';
import { isMatrixSiting, ParamsCheck, SitingParams, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { runGeographicSiting } from './siting-geographic';
import { runMatrixSiting } from './siting-matrix';
import { SitingRepository } from './siting.repository';

/**
 * `siting`: where k new cameras (or a yen budget) add the most weighted coverage, or the
 * cheapest set covering everything. Explicit matrices go straight to the solver; otherwise the
 * coverage matrix is built from the map first.
 */
@AnalysisHandler('siting')
@Injectable()
export class SitingHandler implements AnalysisHandler<SitingParams> {
  constructor(private readonly repo: SitingRepository) {}

  validate(params: unknown): ParamsCheck<SitingParams> {
    return validateAnalysisParams('siting', params);
  }

  run(ctx: AnalysisContext<SitingParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    if (isMatrixSiting(p)) return runMatrixSiting(withParams(ctx, p));
    return runGeographicSiting(this.repo, withParams(ctx, p));
  }
}

function withParams<P extends SitingParams>(ctx: AnalysisContext<SitingParams>, params: P): AnalysisContext<P> {
  return { ...ctx, run: { ...ctx.run, params } };
}
