import { Injectable } from '@nestjs/common';
import { getLayer } from '@mimamori/db';
import { CoverageParams, ParamsCheck, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import {
  Camera,
  cameraVisibility,
  computeLineCoverage,
  effectiveRange,
  indexBuildings,
  Light,
  LineCoverage,
  Vec,
  visibilityPolygon,
} from '../../kernels';
import { AnalysisInputError } from '../../runs/run-errors';
import { lineParts, polygonParts } from '../shared/metric-geometry';
import { envelopeOf, kernelLines, polygonJson } from './coverage-geometry';
import { lineFeature, spotFeatures, summarise, TargetCoverage } from './coverage-features';
import { CoverageRepository, TargetRow } from './coverage.repository';

/** Largest range or radius any feature may have (registry bounds): the load margin. */
const MAX_CAMERA_RANGE_M = 1000;
const MAX_LIGHT_RADIUS_M = 200;

/**
 * `coverage`: which stretches of school routes or roads a camera sees (field of view, DORI
 * range, occlusion by buildings) and a streetlight lights. Inputs are loaded projected to
 * metres in one query per layer; the pure kernel computes exact intervals along every line.
 */
@AnalysisHandler('coverage')
@Injectable()
export class CoverageHandler implements AnalysisHandler<CoverageParams> {
  constructor(private readonly repo: CoverageRepository) {}

  validate(params: unknown): ParamsCheck<CoverageParams> {
    return validateAnalysisParams('coverage', params);
  }

  async run(ctx: AnalysisContext<CoverageParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    const started = Date.now();
    const srid = ctx.metricSrid;
    await this.checkInputs(p);
    const rows = await this.repo.targets(p.targets, p.ids, p.area, srid);
    const targets = rows.map((row) => ({ row, parts: lineParts(row.wkb) }));
    await ctx.progress(0.05, `${targets.length} ${p.targets} loaded`);

    const statuses = p.includePlanned ? ['active', 'planned'] : ['active'];
    const useCameras = p.sources.includes('cameras');
    const useLights = p.sources.includes('streetlights');
    const camEnv = envelopeOf(targets.map((t) => t.parts), MAX_CAMERA_RANGE_M);
    const lightEnv = envelopeOf(targets.map((t) => t.parts), MAX_LIGHT_RADIUS_M);
    const [cameraRows, lightRows, buildingRows] = await Promise.all([
      useCameras && camEnv ? this.repo.cameras(camEnv, srid, statuses) : [],
      useLights && lightEnv ? this.repo.lights(lightEnv, srid, statuses) : [],
      useCameras && p.occlusion && camEnv ? this.repo.buildings(camEnv, srid) : [],
    ]);
    await ctx.throwIfCancelled();
    const loadedMs = Date.now() - started;
    await ctx.progress(0.2, `${cameraRows.length} cameras, ${lightRows.length} lights, ${buildingRows.length} buildings loaded`);

    const cameras: Camera[] = cameraRows.map((c) => ({ ...c, resolutionPx: c.resolutionPx ?? p.cameraDefaults.resolutionPx }));
    const lights: Light[] = lightRows;
    const buildings = indexBuildings(buildingRows.flatMap((b) => polygonParts(b.id, b.wkb)));
    const result = computeLineCoverage(kernelLines(targets.map((t) => ({ id: t.row.id, parts: t.parts }))), cameras, lights, buildings, {
      occlusion: p.occlusion,
      dori: p.dori,
      night: p.night,
      minGapM: p.minGapM,
    });
    await ctx.throwIfCancelled();
    const computedMs = Date.now() - started - loadedMs;
    await ctx.progress(0.7, 'coverage computed');

    const table = getLayer(p.targets).table;
    const perTarget = groupByTarget(targets, result.lines).map((t) => ({ ...t, table, clipped: p.area !== undefined }));
    const spots = spotFeatures(perTarget, { blind: useCameras, dark: useLights });
    const blindAreas = p.area && useCameras ? await this.blindAreas(p, cameras, buildings, srid) : [];

    const features = [...perTarget.map(lineFeature), ...spots, ...blindAreas];
    const summary = summarise(perTarget, spots, blindAreas, { cameras: cameras.length, streetlights: lights.length, buildings: buildingRows.length });
    return { features, summary: { ...summary, timingsMs: { load: loadedMs, compute: computedMs, results: Date.now() - started - loadedMs - computedMs } } };
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

function groupByTarget(targets: { row: TargetRow; parts: Vec[][] }[], lines: LineCoverage[]): Omit<TargetCoverage, 'table' | 'clipped'>[] {
  const byTarget = new Map<number, LineCoverage[]>();
  for (const line of lines) {
    const targetId = Number(String(line.id).split(':')[0]);
    const list = byTarget.get(targetId) ?? [];
    list.push(line);
    byTarget.set(targetId, list);
  }
  return targets.map((t) => ({ row: t.row, parts: byTarget.get(t.row.id) ?? [], coords: t.parts }));
}
