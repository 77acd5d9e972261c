import { Injectable } from '@nestjs/common';
import { PatrolCoverageParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { computePatrolCoverage, PATROL_DEFAULTS } from '../../kernels/patrol';
import { AnalysisInputError } from '../../runs/run-errors';
import { envelopeOfRings, envelopeOfTracks, timeWindowOf } from './patrol-scope';
import { beatFeature, patrolSummary, roadFeatures, unitFeature } from './patrol-features';
import { PatrolRepository } from './patrol.repository';

/**
 * `patrol-coverage`: which streets the patrols of a period passed (map-matched to the road
 * network along the track's direction), how often and how long, and patrol km and hours per
 * beat and per unit. Tracks and roads are loaded projected to metres; the kernel does the rest.
 */
@AnalysisHandler('patrol-coverage')
@Injectable()
export class PatrolCoverageHandler implements AnalysisHandler<PatrolCoverageParams> {
  constructor(private readonly repo: PatrolRepository) {}

  validate(params: unknown): ParamsCheck<PatrolCoverageParams> {
    return validateAnalysisParams('patrol-coverage', params);
  }

  async run(ctx: AnalysisContext<PatrolCoverageParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    if (p.beats) {
      const missing = await this.repo.missingBeats(p.beats);
      if (missing.length > 0) throw new AnalysisInputError(`beats not found (or deleted): ${missing.join(', ')}`);
    }
    const beats = await this.repo.beats(p.beats, srid);
    const beatEnvelope = envelopeOfRings(beats.flatMap((b) => b.rings), p.toleranceM);
    const tracks = await this.repo.tracks({ from: p.from, to: p.to, kinds: p.kinds }, srid, beatEnvelope);
    await ctx.progress(0.3, `${tracks.length} tracks and ${beats.length} beats loaded`);
    const roadEnvelope = beats.length > 0 ? null : envelopeOfTracks(tracks, p.toleranceM);
    const roads = beats.length > 0 || roadEnvelope ? await this.repo.roads(beats.length > 0 ? beats.map((b) => b.id) : null, roadEnvelope, srid, p.roadClasses) : [];
    await ctx.throwIfCancelled();
    await ctx.progress(0.4, `${roads.length} roads loaded`);

    const result = computePatrolCoverage(tracks, roads, beats, timeWindowOf(p), {
      ...PATROL_DEFAULTS,
      toleranceM: p.toleranceM,
      headingToleranceDeg: p.headingToleranceDeg,
      minCoveredPct: p.minCoveredPct,
    });
    await ctx.progress(0.9, 'tracks matched to roads');
    const features = [...roadFeatures(roads, result), ...beats.map((row, i) => beatFeature(row, result.beats[i])), ...result.units.map(unitFeature)];
    return { features, summary: { from: p.from, to: p.to, ...patrolSummary(result) } };
  }
}
