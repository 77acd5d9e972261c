import { Injectable } from '@nestjs/common';
import { BeatStatsParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult, ResultFeature } from '../../handlers/analysis-handler';
import { AnalysisInputError } from '../../runs/run-errors';
import { BeatStatsRepository, BeatStatsRow } from './beat-stats.repository';

const round1 = (x: number) => Math.round(x * 10) / 10;

/** Per-beat workload and assets: households and population, cameras, lights, refuges, roads. */
@AnalysisHandler('beat-stats')
@Injectable()
export class BeatStatsHandler implements AnalysisHandler<BeatStatsParams> {
  constructor(private readonly beats: BeatStatsRepository) {}

  validate(params: unknown): ParamsCheck<BeatStatsParams> {
    return validateAnalysisParams('beat-stats', params);
  }

  async run(ctx: AnalysisContext<BeatStatsParams>): Promise<AnalysisResult> {
    const requested = ctx.run.params.ids;
    const ids = await this.beats.liveBeatIds(requested);
    if (requested) {
      const missing = requested.filter((id) => !ids.includes(id));
      if (missing.length > 0) throw new AnalysisInputError(`beats not found (or deleted): ${missing.join(', ')}`);
    }
    const rows: BeatStatsRow[] = [];
    for (const [i, id] of ids.entries()) {
      await ctx.throwIfCancelled();
      const row = await this.beats.statsOf(id, ctx.metricSrid);
      if (row) rows.push(row);
      await ctx.progress((i + 1) / ids.length, `beat ${i + 1} of ${ids.length}`);
    }
    return { features: rows.map(toFeature), summary: summarise(rows) };
  }
}

function toFeature(row: BeatStatsRow): ResultFeature {
  return {
    kind: 'beat',
    geometry: row.geometry,
    properties: {
      beatId: row.id,
      code: row.code,
      name: row.name,
      post: row.post,
      areaM2: round1(row.areaM2),
      households: round1(row.households),
      population: round1(row.population),
      cameras: row.cameras,
      streetlights: row.streetlights,
      refuges: row.refuges,
      roadLengthM: round1(row.roadLengthM),
    },
  };
}

function summarise(rows: readonly BeatStatsRow[]): Record<string, number> {
  const sum = (pick: (r: BeatStatsRow) => number) => rows.reduce((total, r) => total + pick(r), 0);
  return {
    beats: rows.length,
    households: round1(sum((r) => r.households)),
    population: round1(sum((r) => r.population)),
    cameras: sum((r) => r.cameras),
    streetlights: sum((r) => r.streetlights),
    refuges: sum((r) => r.refuges),
    areaM2: round1(sum((r) => r.areaM2)),
    roadLengthM: round1(sum((r) => r.roadLengthM)),
  };
}
