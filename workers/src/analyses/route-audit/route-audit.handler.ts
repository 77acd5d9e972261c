import { Injectable } from '@nestjs/common';
import { COVERAGE_DEFAULTS, ParamsCheck, RouteAuditParams, validateAnalysisParams } from '../../contracts';
import { AnalysisContext, AnalysisHandler, AnalysisResult } from '../../handlers/analysis-handler';
import { intervalsToPolylines, pointAlong, polylineLength, type Vec } from '../../kernels';
import { AnalysisInputError } from '../../runs/run-errors';
import { lineProperties } from '../coverage/coverage-features';
import { envelopeOf } from '../coverage/coverage-geometry';
import { CoverageInputs } from '../shared/coverage-inputs';
import { coverTargets, CoveredTarget, LineCoverageOptions, LineRow, REGISTRY_REACH } from '../shared/line-coverage-scene';
import { lineParts } from '../shared/metric-geometry';
import { parseWkb } from '../shared/wkb';
import type { WritableGeometry } from '../shared/wkb-writer';
import { indexRefuges } from './refuge-gap.kernel';
import { findingFeature, RouteAudit, RouteCoverageFigures, routeFeature, summarise } from './route-audit-features';
import { CrossedBlockRow, RefugeRow, RouteAuditRepository, RouteRow } from './route-audit.repository';
import { crimesByYear, crimeYearOf, CrossedBlock, routeCrimes, yearTotals } from './route-crimes';
import { Finding, rankFindings, routeFindings, Stretch } from './route-findings';
import { routeRefuges, RouteRefuges } from './route-refuges';


/** The coverage options of an audit: those of a `coverage` run on the same routes, so the figures are equal. */
export function auditCoverageOptions(p: RouteAuditParams): LineCoverageOptions {
  return {
    sources: ['cameras', 'streetlights'],
    includePlanned: p.includePlanned,
    occlusion: p.occlusion,
    dori: p.dori,
    night: p.night,
    minGapM: p.minGapM,
    cameraDefaults: { resolutionPx: COVERAGE_DEFAULTS.resolutionPx },
  };
}

/**
 * `route-audit` (通学路点検): per school route, the coverage figures (by the coverage engine),
 * the largest straight-line gap to a refuge (exact kernel), crime of the blocks it crosses,
 * road crossings, and a ranked list of findings; routes with countermeasures carry their
 * before/after figures.
 */
@AnalysisHandler('route-audit')
@Injectable()
export class RouteAuditHandler implements AnalysisHandler<RouteAuditParams> {
  constructor(
    private readonly audit: RouteAuditRepository,
    private readonly inputs: CoverageInputs,
  ) {}

  validate(params: unknown): ParamsCheck<RouteAuditParams> {
    return validateAnalysisParams('route-audit', params);
  }

  async run(ctx: AnalysisContext<RouteAuditParams>): Promise<AnalysisResult> {
    const p = ctx.run.params;
    const srid = ctx.metricSrid;
    const rows = await this.audit.routes(p, srid);
    await this.checkIds(p, rows);
    const targets = rows.map((row) => ({ row: { id: row.id, name: row.name, wkb: row.wkb }, parts: lineParts(row.wkb) }));
    await ctx.progress(0.05, `${rows.length} school routes loaded`);

    const options = auditCoverageOptions(p);
    const scene = await this.inputs.forRun(srid, 'school-routes', 'around').scene(targets.map((t) => t.parts), options, REGISTRY_REACH);
    await ctx.throwIfCancelled();
    await ctx.progress(0.3, `${scene.cameras.length} cameras, ${scene.lights.length} lights, ${scene.buildingCount} buildings loaded`);
    const covered = coverTargets(targets, scene, options);
    await ctx.throwIfCancelled();
    await ctx.progress(0.5, 'coverage computed');

    const ids = rows.map((r) => r.id);
    const [refuges, blockRows, crossingRows, countermeasures] = await Promise.all([
      this.refugeGaps(targets.map((t) => t.parts), p, srid),
      ids.length > 0 ? this.audit.crossedBlocks(ids, srid) : [],
      ids.length > 0 ? this.audit.crossings(ids, srid) : [],
      ids.length > 0 ? this.audit.countermeasures(ids) : [],
    ]);
    await ctx.throwIfCancelled();
    await ctx.progress(0.75, `${refuges.rows.length} refuges, ${blockRows.length} crossed blocks loaded`);

    const blocks = groupBlocks(blockRows);
    const crimeYear = crimeYearOf([...blocks.values()].flat().map((b) => b.block), p.crimeYear);
    const stretches = covered.map((t, i) => this.stretchesOf(t, refuges.results[i], p));
    await this.nameBlocks(stretches.flatMap((s) => [...s.dark, ...s.far]), srid);

    const audits: RouteAudit[] = rows.map((row, i) => {
      const figures = coverageFigures(covered[i]);
      const crossed = blocks.get(row.id) ?? [];
      const gap = refuges.results[i];
      const crossing = crossingRows.find((c) => c.routeId === row.id);
      const findings = routeFindings(
        {
          routeId: row.id,
          routeName: row.name ?? row.school,
          school: row.school,
          seenPct: figures.seenPct,
          litPct: figures.litPct,
          middle: middleOf(targets[i].parts),
          darkUnwatched: stretches[i].dark,
          noRefuge: gap.noRefuge,
          refugeFar: stretches[i].far,
          crimeBlocks: crossed.map((c) => ({ name: c.block.name, code: c.block.code, total: crimeYear ? (c.block.byYear[crimeYear] ?? 0) : 0, geometry: c.geometry })),
        },
        { thresholds: p.thresholds, crimeYear, refugeKinds: p.refugeKinds, refugeSearchM: p.refugeSearchM },
      );
      return {
        row,
        parts: targets[i].parts,
        coverage: figures,
        maxRefugeGapM: gap.maxGapM,
        refugeGapOverM: gap.far.reduce((s, f) => s + f.toM - f.fromM, 0),
        nearestRefugeAtMax: gap.refugeAtMax === null ? null : refuges.rows[gap.refugeAtMax].name,
        crimes: routeCrimes(crossed.map((c) => c.block), figures.lengthM, crimeYear),
        crimesByYear: crimesByYear(crossed.map((c) => c.block)),
        crossings: crossing?.crossings ?? 0,
        mainRoadCrossings: crossing?.mainRoadCrossings ?? 0,
        findings,
        countermeasures: countermeasures.filter((c) => c.routeId === row.id),
      };
    });

    const ranked = rankFindings(audits.flatMap((a) => a.findings));
    const routeOf = new Map(rows.map((r) => [r.id, r]));
    const features = [...audits.map(routeFeature), ...ranked.map((f: Finding) => findingFeature(f, routeOf.get(f.routeId)!))];
    const inputs = { cameras: scene.cameras.length, streetlights: scene.lights.length, buildings: scene.buildingCount, refuges: refuges.rows.length };
    return { features, summary: summarise(audits, ranked, p, crimeYear, inputs) };
  }

  private async checkIds(p: RouteAuditParams, rows: RouteRow[]): Promise<void> {
    if (!p.ids) return;
    const found = new Set(rows.map((r) => r.id));
    const absent = p.ids.filter((id) => !found.has(id));
    if (absent.length === 0) return;
    const live = new Set(await this.audit.liveRouteIds(absent));
    const missing = absent.filter((id) => !live.has(id));
    if (missing.length > 0) throw new AnalysisInputError(`school-routes not found (or deleted): ${missing.join(', ')}`);
    const filters = [p.school ? `of school "${p.school}"` : '', p.period ? `used in the ${p.period}` : ''].filter(Boolean).join(' and ');
    throw new AnalysisInputError(`school-routes ${absent.join(', ')} are not routes ${filters}`);
  }

  /**
   * Refuge gaps of every route. Refuges are loaded around the routes; when a gap is longer than
   * the load margin, a nearer refuge could lie outside it, so they are loaded again that far out
   * (once: gaps only shrink when refuges are added).
   */
  private async refugeGaps(partsList: Vec[][][], p: RouteAuditParams, srid: number): Promise<{ rows: RefugeRow[]; results: RouteRefuges[] }> {
    let margin = p.refugeSearchM;
    for (;;) {
      const env = envelopeOf(partsList, margin);
      const rows = env ? await this.audit.refuges(env, p.refugeKinds, srid) : [];
      const index = indexRefuges(rows.map((r): Vec => [r.x, r.y]));
      const results = partsList.map((parts) => routeRefuges(parts, index, p.thresholds.refugeGapM, p.refugeSearchM));
      const worst = Math.max(0, ...results.map((r) => r.maxGapM ?? 0));
      if (worst <= margin) return { rows, results };
      margin = worst;
    }
  }

  private stretchesOf(t: CoveredTarget<LineRow>, refuges: RouteRefuges, p: RouteAuditParams): { dark: Stretch[]; far: Stretch[] } {
    const dark: Stretch[] = [];
    let offset = 0;
    t.parts.forEach((part, i) => {
      for (const [from, to] of part.darkUnwatched) {
        if (to - from < p.thresholds.darkUnwatchedM) continue;
        dark.push({ fromM: offset + from, toM: offset + to, line: intervalsToPolylines(t.coords[i], [[from, to]])[0], block: null });
      }
      offset += part.lengthM;
    });
    const far = refuges.far.map((f) => ({
      fromM: f.fromM,
      toM: f.toM,
      line: intervalsToPolylines(t.coords[f.part], [[f.from, f.to]])[0],
      block: null,
      maxGapM: f.maxGapM,
    }));
    return { dark, far };
  }

  /** Names each stretch by the block (町丁目) under its middle. */
  private async nameBlocks(stretches: Stretch[], srid: number): Promise<void> {
    const names = await this.audit.blockNamesAt(stretches.map((s) => middleOf([s.line])), srid);
    stretches.forEach((s, i) => (s.block = names[i]));
  }
}

function coverageFigures(t: CoveredTarget<LineRow>): RouteCoverageFigures {
  const line = lineProperties(t) as unknown as RouteCoverageFigures;
  const { lengthM, seenM, litM, seenOrLitM, seenPct, litPct, seenOrLitPct, longestDarkUnwatchedM } = line;
  return { lengthM, seenM, litM, seenOrLitM, seenPct, litPct, seenOrLitPct, longestDarkUnwatchedM };
}

/** Crossed blocks per route, one per 町丁 code (parts of one 町丁 count once, their pieces of route together). */
function groupBlocks(rows: CrossedBlockRow[]): Map<number, { block: CrossedBlock; geometry: WritableGeometry }[]> {
  const out = new Map<number, { block: CrossedBlock; geometry: WritableGeometry }[]>();
  for (const r of rows) {
    const list = out.get(r.routeId) ?? [];
    const geometry = parseWkb(r.wkb) as WritableGeometry;
    const same = list.find((b) => b.block.code === r.code);
    if (same) {
      same.block.insideM += r.insideM;
      same.geometry = { type: 'GeometryCollection', geometries: [same.geometry, geometry] };
    } else {
      list.push({ block: { blockId: r.blockId, code: r.code, name: r.name, insideM: r.insideM, byYear: yearTotals(r.crimes) }, geometry });
    }
    out.set(r.routeId, list);
  }
  return out;
}

/** The point halfway along the parts laid end to end. */
function middleOf(parts: Vec[][]): Vec {
  const lengths = parts.map((part) => polylineLength(part));
  let half = lengths.reduce((s, l) => s + l, 0) / 2;
  for (let i = 0; i < parts.length; i++) {
    if (half <= lengths[i] || i === parts.length - 1) return pointAlong(parts[i], half);
    half -= lengths[i];
  }
  return parts[0]?.[0] ?? [0, 0];
}
