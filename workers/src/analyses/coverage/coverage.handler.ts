import { Injectable } from '@nestjs/common';
import type { MimamoriConfig } from '@mimamori/db';
import { CoverageParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { InjectConfig } from '../../core/core.module';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { Camera, cameraVisibility, effectiveRange, type BuildingIndex, visibilityPolygon } from '../../kernels';
import type { FanOutHandler, FanOutPlan, PartResult } from '../../runs/fan-out';
import { AnalysisInputError } from '../../runs/run-errors';
import type { ReusingResult } from '../../runs/runs.repository';
import { CoverageInputs, type Reach, RunInputs } from '../shared/coverage-inputs';
import { grown } from '../shared/metric-geometry';
import { coverTargets, passTargets, REGISTRY_REACH } from '../shared/line-coverage-scene';
import { polygonJson } from './coverage-geometry';
import type { Envelope } from './coverage.repository';
import {
  addLineTotals,
  coverageLines,
  LengthSums,
  type LengthSumsJson,
  lineTotals,
  type LineTotals,
  metresOf,
  NO_LINES,
  streamedCoverageLines,
  summariseTotals,
  summaryOf,
} from './coverage-features';
import { COVERAGE_SPLIT, CoveragePart, extentOf, splitByTile } from './coverage-split';
import { CoverageReuseRepository } from './coverage-reuse.repository';
import { CoverageRepository } from './coverage.repository';

const spotKinds = (p: CoverageParams) => ({ blind: p.sources.includes('cameras'), dark: p.sources.includes('streetlights') });

interface Reuse {
  fromRunId: string;
  /** The run's inputs, at the layer versions read with the changed rows (kept layers brought up to date to them). */
  inputs: RunInputs;
  /** Target ids to recompute; the earlier run's features of every other target are kept. */
  affected: number[];
  changedInputs: number;
  /** The targets' extent (metric zone) the earlier run recorded; null when it did not. */
  extentM: Envelope | null;
  /** What the earlier run counted of the layers that are the same now (null: count again). */
  known: { cameras: number | null; streetlights: number | null; buildings: number | null };
  /** The earlier run's line totals less those of the affected lines: what is kept (read while the run goes on). */
  kept: Promise<LineTotals>;
}

interface PartValue {
  /** The part's lengths summed exactly: merged, the same figures as a single job's. */
  sums: LengthSumsJson;
  /** Its lines' totals as stored (centimetres) and its spots. */
  lineTotals: LineTotals;
  loadMs: number;
  computeMs: number;
}

/**
 * `coverage`: which stretches of school routes or roads a camera sees (field of view, DORI
 * range, occlusion by buildings) and a streetlight lights. Inputs are loaded projected to
 * metres in one query per layer; the pure kernel computes exact intervals along every line.
 * Big runs (COVERAGE_SPLIT.minTargets lines or more, without blind areas) are split by tile into
 * parts any worker computes; each part loads only its lines and the inputs within reach of them.
 */
@AnalysisHandler('coverage')
@Injectable()
export class CoverageHandler implements AnalysisHandler<CoverageParams>, FanOutHandler<CoverageParams> {
  /** Reuse found while planning, taken by `run` (plan and run are called in turn for the same run). */
  private readonly reuseFound = new Map<string, Reuse | null>();

  constructor(
    private readonly repo: CoverageRepository,
    private readonly reuseRepo: CoverageReuseRepository,
    private readonly inputs: CoverageInputs,
    @InjectConfig() config: MimamoriConfig,
  ) {
    // On one machine a split run is slower than one job; the split pays off with more machines.
    COVERAGE_SPLIT.minTargets = config.coverageSplitMinLines;
  }

  validate(params: unknown): ParamsCheck<CoverageParams> {
    return validateAnalysisParams('coverage', params);
  }

  async run(ctx: AnalysisContext<CoverageParams>): Promise<AnalysisResult> {
    const found = this.reuseFound.get(ctx.run.id);
    const reuse = found !== undefined ? found : await this.findReuse(ctx);
    this.reuseFound.delete(ctx.run.id);
    return reuse ? this.runIncremental(ctx, reuse) : this.runFull(ctx);
  }

  private async runFull(ctx: AnalysisContext<CoverageParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    const started = Date.now();
    const srid = ctx.metricSrid;
    await this.checkInputs(p);
    // A run over the whole target layer needs (nearly) every input: kept layers are loaded for it.
    const inputs = this.inputs.forRun(srid, p.targets, p.ids || p.area ? 'around' : 'whole');
    const targets = await inputs.targets(p.targets, p.ids, p.area);
    await ctx.progress(0.05, `${targets.length} ${p.targets} loaded`);

    // The registry bounds of range and radius: the summary counts the inputs they hold.
    const scene = await inputs.scene(targets.map((t) => t.parts), p, REGISTRY_REACH);
    await ctx.throwIfCancelled();
    const loadedMs = Date.now() - started;
    await ctx.progress(0.2, `${scene.cameras.length} cameras, ${scene.lights.length} lights, ${scene.buildingCount} buildings loaded`);

    // Every camera and light over the lines now; each line's result is made as it is written.
    const pass = passTargets(targets, scene, p);
    await ctx.throwIfCancelled();
    const computedMs = Date.now() - started - loadedMs;
    await ctx.progress(0.7, 'coverage computed');

    const useCameras = p.sources.includes('cameras');
    const lines = streamedCoverageLines(pass, spotKinds(p));
    const blindAreas = p.area && useCameras ? await this.blindAreas(p, scene.cameras, scene.buildings, srid) : [];
    const counts = { cameras: scene.cameras.length, streetlights: scene.lights.length, buildings: scene.buildingCount };
    const summary = () => {
      const written = lines.written();
      const timingsMs = { load: loadedMs, compute: computedMs, results: Date.now() - started - loadedMs - computedMs };
      return { ...summaryOf(targets.length, written.totals, written.spots, blindAreas, counts), extentM: scene.extentM, lineTotals: written.lineTotals, timingsMs };
    };
    return { features: blindAreas, coverageLines: lines, summary };
  }

  async plan(ctx: AnalysisContext<CoverageParams>): Promise<FanOutPlan | null> {
    try {
      return await this.planOrNull(ctx);
    } catch (err) {
      this.reuseFound.delete(ctx.run.id);
      throw err;
    }
  }

  private async planOrNull(ctx: AnalysisContext<CoverageParams>): Promise<FanOutPlan | null> {
    const p = ctx.run.params;
    const reuse = await this.findReuse(ctx);
    this.reuseFound.set(ctx.run.id, reuse);
    // Unless the run is split, `run` takes the reuse found here (none): no second snapshot or search.
    if (reuse || (p.area && p.sources.includes('cameras'))) return null;
    await this.checkInputs(p);
    const runInputs = this.inputs.forRun(ctx.metricSrid, p.targets, 'around');
    if ((await runInputs.targetCount(p.targets, p.ids, p.area)) < COVERAGE_SPLIT.minTargets) return null;
    this.reuseFound.delete(ctx.run.id);
    const boxes = await runInputs.targetBoxes(p.targets, p.ids, p.area);
    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const cameraEnv = p.sources.includes('cameras') ? extentOf(boxes, REGISTRY_REACH.cameraM) : null;
    const lightEnv = p.sources.includes('streetlights') ? extentOf(boxes, REGISTRY_REACH.lightM) : null;
    const counts = await runInputs.counts(cameraEnv, lightEnv, statuses, p.occlusion);
    return { parts: splitByTile(boxes), shared: { ...counts, extentM: extentOf(boxes, 0) } };
  }

  async runPart(ctx: AnalysisContext<CoverageParams>, part: unknown): Promise<PartResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    const started = Date.now();
    const inputs = this.inputs.forRun(srid, p.targets, 'around');
    const [targets, reach] = await Promise.all([inputs.targets(p.targets, (part as CoveragePart).ids, p.area), liveReach(inputs)]);
    const scene = await inputs.scene(targets.map((t) => t.parts), p, reach);
    await ctx.throwIfCancelled();
    const loadMs = Date.now() - started;
    // As in a whole run: every camera and light over the lines now, each line's result made as it is written.
    const pass = passTargets(targets, scene, p);
    const computeMs = Date.now() - started - loadMs;

    const lines = streamedCoverageLines(pass, spotKinds(p));
    const value = (): PartValue => {
      const written = lines.written();
      return { sums: written.sums, lineTotals: written.lineTotals, loadMs, computeMs };
    };
    return { features: [], coverageLines: lines, lineTargetIds: (part as CoveragePart).ids, value };
  }

  async finish(_ctx: AnalysisContext<CoverageParams>, shared: unknown, values: unknown[]): Promise<Record<string, unknown>> {
    const parts = values as PartValue[];
    const sums = new LengthSums();
    let all: LineTotals = NO_LINES;
    for (const v of parts) {
      // A part finished by a worker of an earlier version (during an upgrade) handed over other figures.
      if (!v.sums) throw new Error('a part of this run was computed by an earlier worker version: run the analysis again');
      sums.merge(v.sums);
      all = addLineTotals(all, v.lineTotals);
    }
    const { extentM, ...inputs } = shared as { cameras: number; streetlights: number; buildings: number; extentM: Envelope | null };
    const summary = summaryOf(all.lines, sums.totals(), { blindSpots: all.blindSpots, darkSpots: all.darkSpots }, [], inputs);
    const sum = (pick: (v: PartValue) => number) => parts.reduce((n, v) => n + pick(v), 0);
    return {
      ...summary,
      extentM,
      lineTotals: all,
      parts: parts.length,
      timingsMs: { load: sum((v) => v.loadMs), compute: sum((v) => v.computeMs), results: 0 },
    };
  }

  /**
   * An earlier run with the same params and inputs except cameras/streetlights: only the lines
   * within reach of a camera or light written since it started (old and new positions) change.
   */
  private async findReuse(ctx: AnalysisContext<CoverageParams>): Promise<Reuse | null> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    // Every run records its snapshot as it starts reading (a later run may reuse it); blind areas are never reused.
    const reuse = !(p.area && p.sources.includes('cameras'));
    const reusable = await this.reuseRepo.startReading(ctx.run.id, reuse, srid, REGISTRY_REACH, RunInputs.layers(p.targets));
    if (!reusable) return null;
    const { previous, changes, states } = reusable;
    // The layers' versions read with the changed rows: kept layers brought up to date are used as they are now.
    const inputs = this.inputs.forRun(srid, p.targets, 'around', states);
    const affected = (await inputs.targetsNear(p.targets, changes.positions)) ?? (await this.reuseRepo.affectedTargets(p.targets, changes.positions, srid));
    // What is kept: the earlier run's totals less those of the lines recomputed, read while the run goes on.
    const kept = this.reuseRepo.lineTotals(previous.id, affected).then((replaced) => addLineTotals(previous.lineTotals, replaced, -1));
    // Handled where awaited (or never, when the run stops before); until then a failure must not count as unhandled.
    kept.catch(() => undefined);
    // A worker keeping the edited layers brings them up to date from the changed rows instead of reading them again.
    await Promise.all(Object.entries(changes.layers).map(([layer, c]) => this.inputs.bringUpToDate(layer as 'cameras' | 'streetlights', srid, c)));
    return {
      fromRunId: previous.id,
      inputs,
      affected,
      changedInputs: changes.positions.length,
      extentM: previous.extentM,
      known: {
        cameras: changes.layers.cameras ? null : previous.cameras,
        streetlights: changes.layers.streetlights ? null : previous.streetlights,
        buildings: previous.buildings,
      },
      kept,
    };
  }

  private async runIncremental(ctx: AnalysisContext<CoverageParams>, reuse: Reuse): Promise<ReusingResult> {
    const p = ctx.run.params;
    const started = Date.now();
    await this.checkInputs(p);
    // What is kept (see findReuse) and what the whole run counts are read while the few changed lines are computed.
    const inputs = reuse.inputs;
    const counts = this.inputCounts(p, reuse, inputs);
    const reach = liveReach(inputs);
    // Handled when awaited below; until then a failure must not count as an unhandled rejection.
    for (const pending of [counts, reach]) pending.catch(() => undefined);
    const wanted = p.ids ? new Set(p.ids) : null;
    const ids = wanted ? reuse.affected.filter((id) => wanted.has(id)) : reuse.affected;
    const targets = ids.length > 0 ? await inputs.targets(p.targets, ids, p.area) : [];
    const scene = await inputs.scene(targets.map((t) => t.parts), p, await reach);
    const loadedMs = Date.now() - started;
    const covered = targets.length > 0 ? coverTargets(targets, scene, p) : [];
    const computedMs = Date.now() - started - loadedMs;

    const lines = coverageLines(covered, spotKinds(p));
    const [k, counted] = await Promise.all([reuse.kept, counts]);
    const all = addLineTotals(k, lineTotals(covered.map((t) => t.parts), lines.spots));
    const spots = { blindSpots: all.blindSpots, darkSpots: all.darkSpots };
    const summary = summariseTotals(all.lines, [metresOf(k), ...covered.flatMap((t) => t.parts)], spots, [], counted.inputs);
    return {
      features: [],
      coverageLines: lines,
      summary: {
        ...summary,
        extentM: counted.extentM,
        lineTotals: all,
        incremental: { fromRun: reuse.fromRunId, changedInputs: reuse.changedInputs, recomputedLines: covered.length },
        timingsMs: { load: loadedMs, compute: computedMs, results: Date.now() - started - loadedMs - computedMs },
      },
      reuse: { fromRunId: reuse.fromRunId, exceptTargetIds: reuse.affected },
    };
  }

  /**
   * The inputs a full run would load (its summary's counts). Only cameras and lights changed since
   * the reused run: its targets' extent and its buildings count still hold.
   */
  private async inputCounts(p: CoverageParams, reuse: Reuse, inputs: RunInputs) {
    const extentM = reuse.extentM ? reuse.extentM : extentOf(await inputs.targetBoxes(p.targets, p.ids, p.area), 0);
    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const { cameras, streetlights, buildings } = reuse.known;
    const counted = await inputs.counts(
      cameras === null && extentM && p.sources.includes('cameras') ? grown(extentM, REGISTRY_REACH.cameraM) : null,
      streetlights === null && extentM && p.sources.includes('streetlights') ? grown(extentM, REGISTRY_REACH.lightM) : null,
      statuses,
      p.occlusion && buildings === null,
    );
    return { inputs: { cameras: cameras ?? counted.cameras, streetlights: streetlights ?? counted.streetlights, buildings: buildings ?? counted.buildings }, extentM };
  }

  private async checkInputs(p: CoverageParams): Promise<void> {
    if (p.area && !(await this.repo.areaExists(p.area))) {
      throw new AnalysisInputError(`area ${'layer' in p.area ? `${p.area.layer}/${p.area.id}` : 'bbox'} does not exist`);
    }
    if (p.ids) {
      const missing = await this.repo.missingIds(p.targets, p.ids);
      if (missing.length > 0) throw new AnalysisInputError(`${p.targets} not found (or deleted): ${missing.join(', ')}`);
    }
  }

  private async blindAreas(p: CoverageParams, cameras: Camera[], buildings: BuildingIndex, srid: number) {
    const polygons = cameras.map((c) =>
      polygonJson(visibilityPolygon(cameraVisibility(c, effectiveRange(c, p.dori), p.occlusion ? buildings : undefined))),
    );
    const rows = await this.repo.blindAreas(p.area!, polygons, srid, p.roadHalfWidthM);
    return rows.map((r) => ({ kind: 'blind-area', geometry: r.geometry, properties: { areaM2: Math.round(r.areaM2 * 10) / 10 } }));
  }
}

/** Inputs within reach of some lines only: the largest live range and radius (plus a metre), not the registry bounds. */
async function liveReach(inputs: RunInputs): Promise<Reach> {
  const reach = await inputs.maxReach();
  return { cameraM: reach.cameraM + 1, lightM: reach.lightM + 1 };
}
