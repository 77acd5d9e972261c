import { Injectable } from '@nestjs/common';
import { getLayer, type MimamoriConfig } from '@mimamori/db';
import { CoverageParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { InjectConfig } from '../../core/core.module';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { Camera, cameraVisibility, effectiveRange, indexBuildings, visibilityPolygon } from '../../kernels';
import type { FanOutHandler, FanOutPlan, PartResult } from '../../runs/fan-out';
import { AnalysisInputError } from '../../runs/run-errors';
import type { ReusingResult } from '../../runs/runs.repository';
import { coverTargets, loadCoverageScene } from '../shared/line-coverage-scene';
import { lineParts, polygonParts } from '../shared/metric-geometry';
import { envelopeOf, polygonJson } from './coverage-geometry';
import type { Envelope } from './coverage.repository';
import { lineRecord, spotCounts, summarise, summariseTotals, Totals } from './coverage-features';
import { COVERAGE_SPLIT, CoveragePart, extentOf, splitByTile } from './coverage-split';
import { CoverageReuseRepository } from './coverage-reuse.repository';
import { CoverageRepository } from './coverage.repository';

const spotKinds = (p: CoverageParams) => ({ blind: p.sources.includes('cameras'), dark: p.sources.includes('streetlights') });

/** The single-job run's load margins (registry bounds of range and radius): its summary counts what they hold. */
const MAX_CAMERA_RANGE_M = 1000;
const MAX_LIGHT_RADIUS_M = 200;

interface Reuse {
  fromRunId: string;
  /** Target ids to recompute; the earlier run's features of every other target are kept. */
  affected: number[];
  changedInputs: number;
  /** The targets' extent (metric zone) the earlier run recorded; null when it did not. */
  extentM?: Envelope | null;
  /** The buildings the earlier run counted (same buildings layer version); null when unknown. */
  buildings?: number | null;
}

interface PartValue {
  /** Per target (id), its parts' lengths: the summary sums them in target order like the single-job run. */
  totals: [number, Totals[]][];
  blindSpots: number;
  darkSpots: number;
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
    @InjectConfig() config: MimamoriConfig,
  ) {
    // On one machine a split run is slower than one job; the split pays off with more machines.
    COVERAGE_SPLIT.minTargets = config.coverageSplitMinLines;
  }

  validate(params: unknown): ParamsCheck<CoverageParams> {
    return validateAnalysisParams('coverage', params);
  }

  async run(ctx: AnalysisContext<CoverageParams>): Promise<AnalysisResult> {
    if (!this.reuseFound.has(ctx.run.id)) await this.reuseRepo.recordSnapshot(ctx.run.id);
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
    const rows = await this.repo.targets(p.targets, p.ids, p.area, srid);
    const targets = rows.map((row) => ({ row, parts: lineParts(row.wkb) }));
    await ctx.progress(0.05, `${targets.length} ${p.targets} loaded`);

    const scene = await loadCoverageScene(this.repo, targets.map((t) => t.parts), p, srid);
    await ctx.throwIfCancelled();
    const loadedMs = Date.now() - started;
    await ctx.progress(0.2, `${scene.cameras.length} cameras, ${scene.lights.length} lights, ${scene.buildingCount} buildings loaded`);

    const covered = coverTargets(targets, scene, p);
    await ctx.throwIfCancelled();
    const computedMs = Date.now() - started - loadedMs;
    await ctx.progress(0.7, 'coverage computed');

    const table = getLayer(p.targets).table;
    const perTarget = covered.map((t) => ({ ...t, table, clipped: p.area !== undefined }));
    const useCameras = p.sources.includes('cameras');
    const lines = perTarget.map((t) => lineRecord(t, spotKinds(p)));
    const blindAreas = p.area && useCameras ? await this.blindAreas(p, scene.cameras, scene.buildings, srid) : [];

    const inputs = { cameras: scene.cameras.length, streetlights: scene.lights.length, buildings: scene.buildingCount };
    const summary = summarise(perTarget, lines, blindAreas, inputs);
    const timingsMs = { load: loadedMs, compute: computedMs, results: Date.now() - started - loadedMs - computedMs };
    const extentM = envelopeOf(targets.map((t) => t.parts), 0);
    return { features: blindAreas, coverageLines: lines, summary: { ...summary, extentM, timingsMs } };
  }

  async plan(ctx: AnalysisContext<CoverageParams>): Promise<FanOutPlan | null> {
    const p = ctx.run.params;
    await this.reuseRepo.recordSnapshot(ctx.run.id);
    const reuse = await this.findReuse(ctx);
    this.reuseFound.set(ctx.run.id, reuse);
    if (reuse || (p.area && p.sources.includes('cameras'))) return null;
    this.reuseFound.delete(ctx.run.id);
    await this.checkInputs(p);
    if ((await this.repo.targetCount(p.targets, p.ids, p.area, ctx.metricSrid)) < COVERAGE_SPLIT.minTargets) return null;
    const boxes = await this.repo.targetBoxes(p.targets, p.ids, p.area, ctx.metricSrid);
    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const cameraEnv = p.sources.includes('cameras') ? extentOf(boxes, MAX_CAMERA_RANGE_M) : null;
    const lightEnv = p.sources.includes('streetlights') ? extentOf(boxes, MAX_LIGHT_RADIUS_M) : null;
    const inputs = await this.repo.sceneCounts(cameraEnv, lightEnv, ctx.metricSrid, statuses, p.occlusion);
    return { parts: splitByTile(boxes), shared: { ...inputs, extentM: extentOf(boxes, 0) } };
  }

  async runPart(ctx: AnalysisContext<CoverageParams>, part: unknown): Promise<PartResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    const started = Date.now();
    const rows = await this.repo.targets(p.targets, (part as CoveragePart).ids, p.area, srid);
    const targets = rows.map((row) => ({ row, parts: lineParts(row.wkb) }));
    const scene = await this.partScene(p, targets.map((t) => t.parts), srid);
    await ctx.throwIfCancelled();
    const loadMs = Date.now() - started;
    const covered = coverTargets(targets, scene, p);
    const computeMs = Date.now() - started - loadMs;

    const table = getLayer(p.targets).table;
    const perTarget = covered.map((t) => ({ ...t, table, clipped: p.area !== undefined }));
    const lines = perTarget.map((t) => lineRecord(t, spotKinds(p)));
    const value: PartValue = {
      totals: perTarget.map((t) => [t.row.id, t.parts.map(({ lengthM, seenM, litM, seenOrLitM }) => ({ lengthM, seenM, litM, seenOrLitM }))]),
      ...spotCounts(lines),
      loadMs,
      computeMs,
    };
    return { features: [], coverageLines: lines, value };
  }

  async finish(_ctx: AnalysisContext<CoverageParams>, shared: unknown, values: unknown[]): Promise<Record<string, unknown>> {
    const parts = values as PartValue[];
    const totals = parts.flatMap((v) => v.totals).sort((a, b) => a[0] - b[0]);
    const spots = { blindSpots: 0, darkSpots: 0 };
    for (const v of parts) {
      spots.blindSpots += v.blindSpots;
      spots.darkSpots += v.darkSpots;
    }
    const { extentM, ...inputs } = shared as { cameras: number; streetlights: number; buildings: number; extentM: Envelope | null };
    const summary = summariseTotals(totals.length, totals.flatMap((t) => t[1]), spots, [], inputs);
    const sum = (pick: (v: PartValue) => number) => parts.reduce((n, v) => n + pick(v), 0);
    return { ...summary, extentM, parts: parts.length, timingsMs: { load: sum((v) => v.loadMs), compute: sum((v) => v.computeMs), results: 0 } };
  }

  /**
   * An earlier run with the same params and inputs except cameras/streetlights: only the lines
   * within reach of a camera or light written since it started (old and new positions) change.
   */
  private async findReuse(ctx: AnalysisContext<CoverageParams>): Promise<Reuse | null> {
    const p = ctx.run.params;
    if (p.area && p.sources.includes('cameras')) return null;
    const previous = await this.reuseRepo.previousRun(ctx.run.id);
    if (!previous) return null;
    const changed = await this.reuseRepo.changedInputs(previous, ctx.metricSrid, { cameraM: MAX_CAMERA_RANGE_M, lightM: MAX_LIGHT_RADIUS_M });
    if (!changed) return null;
    const affected = await this.reuseRepo.affectedTargets(p.targets, changed, ctx.metricSrid);
    return { fromRunId: previous.id, affected, changedInputs: changed.length, extentM: previous.extentM, buildings: previous.buildings };
  }

  private async runIncremental(ctx: AnalysisContext<CoverageParams>, reuse: Reuse): Promise<ReusingResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    const started = Date.now();
    await this.checkInputs(p);
    // What is kept and what the whole run counts are read while the few changed lines are computed.
    const kept = this.reuseRepo.reusedTotals(reuse.fromRunId, reuse.affected);
    const inputs = this.inputCounts(p, reuse, srid);
    // Handled when awaited below; until then a failure must not count as an unhandled rejection.
    for (const pending of [kept, inputs]) pending.catch(() => undefined);
    const wanted = p.ids ? new Set(p.ids) : null;
    const ids = wanted ? reuse.affected.filter((id) => wanted.has(id)) : reuse.affected;
    const reach = this.repo.maxReach();
    reach.catch(() => undefined);
    const rows = ids.length > 0 ? await this.repo.targets(p.targets, ids, p.area, srid) : [];
    const targets = rows.map((row) => ({ row, parts: lineParts(row.wkb) }));
    const scene = await this.partScene(p, targets.map((t) => t.parts), srid, reach);
    const loadedMs = Date.now() - started;
    const covered = targets.length > 0 ? coverTargets(targets, scene, p) : [];
    const computedMs = Date.now() - started - loadedMs;

    const table = getLayer(p.targets).table;
    const perTarget = covered.map((t) => ({ ...t, table, clipped: p.area !== undefined }));
    const lines = perTarget.map((t) => lineRecord(t, spotKinds(p)));
    const [k, counted] = await Promise.all([kept, inputs]);
    const recomputed = spotCounts(lines);
    const spots = { blindSpots: k.blindSpots + recomputed.blindSpots, darkSpots: k.darkSpots + recomputed.darkSpots };
    const summary = summariseTotals(k.lines + perTarget.length, [k, ...perTarget.flatMap((t) => t.parts)], spots, [], counted.inputs);
    return {
      features: [],
      coverageLines: lines,
      summary: {
        ...summary,
        extentM: counted.extentM,
        incremental: { fromRun: reuse.fromRunId, changedInputs: reuse.changedInputs, recomputedLines: perTarget.length },
        timingsMs: { load: loadedMs, compute: computedMs, results: Date.now() - started - loadedMs - computedMs },
      },
      reuse: { fromRunId: reuse.fromRunId, exceptTargetIds: reuse.affected },
    };
  }

  /**
   * The inputs a full run would load (its summary's counts). Only cameras and lights changed since
   * the reused run: its targets' extent and its buildings count still hold.
   */
  private async inputCounts(p: CoverageParams, reuse: Reuse, srid: number) {
    const extentM = reuse.extentM ? reuse.extentM : extentOf(await this.repo.targetBoxes(p.targets, p.ids, p.area, srid), 0);
    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const grown = (m: number) => extentM && { xmin: extentM.xmin - m, ymin: extentM.ymin - m, xmax: extentM.xmax + m, ymax: extentM.ymax + m };
    const knownBuildings = reuse.buildings ?? null;
    const inputs = await this.repo.sceneCounts(
      p.sources.includes('cameras') ? grown(MAX_CAMERA_RANGE_M) : null,
      p.sources.includes('streetlights') ? grown(MAX_LIGHT_RADIUS_M) : null,
      srid,
      statuses,
      p.occlusion && knownBuildings === null,
    );
    return { inputs: knownBuildings === null ? inputs : { ...inputs, buildings: knownBuildings }, extentM };
  }

  /** Inputs within reach of these lines only: the largest live range/radius, not the registry bound. */
  private async partScene(p: CoverageParams, partsList: ReturnType<typeof lineParts>[], srid: number, maxReach = this.repo.maxReach()) {
    const reach = await maxReach;
    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const camEnv = p.sources.includes('cameras') ? envelopeOf(partsList, reach.cameraM + 1) : null;
    const lightEnv = p.sources.includes('streetlights') ? envelopeOf(partsList, reach.lightM + 1) : null;
    const [cameraRows, lights, buildingRows] = await Promise.all([
      camEnv ? this.repo.cameras(camEnv, srid, statuses) : [],
      lightEnv ? this.repo.lights(lightEnv, srid, statuses) : [],
      camEnv && p.occlusion ? this.repo.buildings(camEnv, srid) : [],
    ]);
    const cameras: Camera[] = cameraRows.map((c) => ({ ...c, resolutionPx: c.resolutionPx ?? p.cameraDefaults.resolutionPx }));
    const buildings = indexBuildings(buildingRows.flatMap((b) => polygonParts(b.id, b.wkb)));
    return { cameras, lights, buildings, buildingCount: buildingRows.length };
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

  private async blindAreas(p: CoverageParams, cameras: Camera[], buildings: ReturnType<typeof indexBuildings>, srid: number) {
    const polygons = cameras.map((c) =>
      polygonJson(visibilityPolygon(cameraVisibility(c, effectiveRange(c, p.dori), p.occlusion ? buildings : undefined))),
    );
    const rows = await this.repo.blindAreas(p.area!, polygons, srid, p.roadHalfWidthM);
    return rows.map((r) => ({ kind: 'blind-area', geometry: r.geometry, properties: { areaM2: Math.round(r.areaM2 * 10) / 10 } }));
  }
}
