import { Injectable } from '@nestjs/common';
import { BeatCheckParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { patrolTotalsPerBeat } from '../../kernels/patrol';
import { AnalysisInputError } from '../../runs/run-errors';
import { envelopeOfRings, timeWindowOf } from '../patrol-coverage/patrol-scope';
import { PatrolRepository } from '../patrol-coverage/patrol.repository';
import { beatFeature, BeatInputs, defectFeature, defectSummary, shapeFeatures, workloadBalance } from './beat-check-features';
import { BeatCheckStatsRepository } from './beat-check-stats.repository';
import { BeatOverlayRepository, jurisdictionOf } from './beat-overlay.repository';

const SCHOOL_ROUTE_NOTE =
  'school-route seen/lit % omitted: no succeeded coverage run over all school routes (cameras and streetlights, no planned ones) for the current layer versions';

/**
 * `beat-check`: do the beats tile the jurisdiction (gaps, overlaps, slivers, parts outside), and
 * what does each beat hold and demand (assets, households, crime, school routes, patrols,
 * visits to make). The overlay is PostGIS work in the metric zone; the rest is per-beat sums.
 */
@AnalysisHandler('beat-check')
@Injectable()
export class BeatCheckHandler implements AnalysisHandler<BeatCheckParams> {
  constructor(
    private readonly overlay: BeatOverlayRepository,
    private readonly stats: BeatCheckStatsRepository,
    private readonly patrols: PatrolRepository,
  ) {}

  validate(params: unknown): ParamsCheck<BeatCheckParams> {
    return validateAnalysisParams('beat-check', params);
  }

  async run(ctx: AnalysisContext<BeatCheckParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    await this.checkInputs(p);
    const jurisdiction = jurisdictionOf(p);
    const ids = await this.overlay.beatScope(p.ids, jurisdiction, srid);
    const defects = await this.overlay.defects(ids, jurisdiction, srid, p.sliverMaxM2, p.sliverMaxWidthM);
    const shapes = await this.overlay.shapeWarnings(ids, srid);
    await ctx.throwIfCancelled();
    await ctx.progress(0.4, `${ids.length} beats overlaid: ${defects.length} defects`);

    const [records, blocks, roads, coverageRun] = await Promise.all([
      this.stats.records(ids, srid),
      this.stats.blockShares(ids, srid),
      this.stats.roadLengths(ids, srid),
      this.stats.currentSchoolRouteCoverage(),
    ]);
    const routes = coverageRun ? await this.stats.schoolRoutes(ids, srid, coverageRun.id) : [];
    await ctx.progress(0.7, 'beat statistics gathered');
    const patrol = await this.patrolPerBeat(p, ids, srid);
    await ctx.throwIfCancelled();

    const beats = records.map((record) => {
      const inputs: BeatInputs = {
        record,
        blocks: blocks.find((b) => b.id === record.id),
        roads: roads.filter((r) => r.id === record.id),
        schoolRoutes: routes.find((r) => r.id === record.id),
        patrol: patrol?.get(record.id),
        officers: p.staffing?.[String(record.id)] ?? p.officersPerBeat ?? null,
      };
      return beatFeature(inputs, p);
    });
    const problems = [...defects.map(defectFeature), ...shapeFeatures(shapes)];
    const summary: Record<string, unknown> = {
      beats: beats.length,
      ...defectSummary(problems),
      households: Math.round(beats.reduce((s, f) => s + Number(f.properties.households), 0)),
      requiredVisitsPerYear: Math.round(beats.reduce((s, f) => s + Number(f.properties.requiredVisitsPerYear), 0)),
      balance: workloadBalance(beats),
      schoolRouteCoverageRun: coverageRun?.id ?? null,
    };
    if (!coverageRun) summary.notes = [SCHOOL_ROUTE_NOTE];
    return { features: [...problems, ...beats], summary };
  }

  private async checkInputs(p: BeatCheckParams): Promise<void> {
    const refs: ['beats' | 'areas' | 'blocks', number[] | undefined][] = [
      ['areas', p.jurisdiction ? [p.jurisdiction.id] : undefined],
      ['blocks', p.blocks],
      ['beats', p.ids],
    ];
    for (const [layer, ids] of refs) {
      if (!ids) continue;
      const missing = await this.overlay.missing(layer, ids);
      if (missing.length > 0) throw new AnalysisInputError(`${layer} not found (or deleted): ${missing.join(', ')}`);
    }
  }

  private async patrolPerBeat(p: BeatCheckParams, ids: number[], srid: number): Promise<Map<number, { km: number; hours: number }> | null> {
    if (!p.from || !p.to || ids.length === 0) return null;
    const beats = await this.patrols.beats(ids, srid);
    const tracks = await this.patrols.tracks({ from: p.from, to: p.to }, srid, envelopeOfRings(beats.flatMap((b) => b.rings), 0));
    return new Map(patrolTotalsPerBeat(tracks, beats, timeWindowOf({ from: p.from, to: p.to })).map((t) => [t.beatId, t]));
  }
}
