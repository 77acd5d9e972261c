import { Injectable, Logger } from '@nestjs/common';
import type { LayerId, MimamoriConfig } from '@mimamori/db';
import type { CoverageArea, CoverageTarget } from '../../contracts';
import type { ChangedInput, LayerChanges } from '../coverage/coverage-reuse.repository';
import { InjectConfig } from '../../core/core.module';
import { type BuildingIndex, type Camera, indexBuildings, type Light, type Vec } from '../../kernels';
import { envelopeOf, type MetricEnvelope } from '../coverage/coverage-geometry';
import { type CameraRow, CoverageRepository, type LayerState, type LightRow, type TargetBox, type TargetRow } from '../coverage/coverage.repository';
import { boxesOf, indexedLines, linesNear, linesWithIds } from './kept-lines';
import { countWithin, type KeptPoints, keptPoints, patchedPoints, type PointRow, pointsWithin } from './kept-points';
import { grown, lineParts, polygonParts } from './metric-geometry';

/** Cameras, lights and occluding buildings around some lines, in the metric zone. */
export interface CoverageScene {
  cameras: Camera[];
  lights: Light[];
  buildings: BuildingIndex;
  /** The buildings around the lines (what the summary counts); `buildings` may index more. */
  buildingCount: number;
  /** The lines' extent. */
  extentM: MetricEnvelope | null;
}

export interface LineTarget<R extends Pick<TargetRow, 'id' | 'name'> = TargetRow> {
  row: R;
  parts: Vec[][];
}

/** How far inputs are loaded around the lines: a camera's range and a light's radius at most. */
export interface Reach {
  cameraM: number;
  lightM: number;
}

/** What a scene holds: which sources, which statuses, with occluding buildings or not. */
export interface SceneOptions {
  sources: readonly string[];
  includePlanned: boolean;
  occlusion: boolean;
  cameraDefaults: { resolutionPx: number };
}

/**
 * `whole`: the run covers (about) the whole layer: a layer not kept (or out of date) is loaded
 * whole and kept. `around`: a few lines (a fan-out part, an incremental run, one school's routes):
 * a layer not kept is read around them; on first use it is loaded whole in the background for the
 * runs after it, and once out of date it waits for the next whole run.
 */
export type InputsScope = 'whole' | 'around';

type WithStatus<T> = T & { status: string };

interface KeptBuildings {
  /** Per building its projected bounding box [xmin, ymin, xmax, ymax], in index order. */
  boxes: Float64Array;
  index: BuildingIndex;
}

interface Kept {
  version: string;
  rows: Promise<unknown>;
  ready: boolean;
}

const INPUT_LAYERS: LayerId[] = ['cameras', 'streetlights', 'buildings'];

/**
 * Coverage inputs loaded projected to metres, one SQL pass per layer. A worker keeps a whole layer
 * (target lines parsed, buildings indexed) between runs while its version is unchanged and it has
 * at most COVERAGE_CACHE_MAX_ROWS rows: planners run many analyses over the same layers (night
 * mode, DORI levels, planned cameras), and each then starts computing at once. A run reads the
 * versions once, before any row, so kept rows are never newer than the version they are kept
 * under (an edit in between only makes the next run load the layer again). Larger layers are read
 * around the lines each run. Kept or read, the same rows are selected: those whose projected
 * position (or bounding box) meets the envelope.
 */
@Injectable()
export class CoverageInputs {
  private readonly logger = new Logger(CoverageInputs.name);
  private readonly kept = new Map<string, Kept>();
  private readonly maxRows: number;

  constructor(
    private readonly repo: CoverageRepository,
    @InjectConfig() config: MimamoriConfig,
  ) {
    this.maxRows = config.coverageCacheMaxRows;
  }

  /** The inputs of one run: the layers' versions are read once, now (or were, with the rows they go with: `read`). */
  forRun(srid: number, targets: CoverageTarget, scope: InputsScope, read?: LayerState[]): RunInputs {
    const states = this.maxRows === 0 ? Promise.resolve([]) : read ? Promise.resolve(read) : this.repo.layerStates(RunInputs.layers(targets));
    // Handled where awaited; until then a failure must not count as an unhandled rejection.
    states.catch(() => undefined);
    return new RunInputs(this, this.repo, srid, scope, states);
  }

  /** The whole layer as kept for this version; null when it is not to be used now (see InputsScope). */
  keptLayer<T>(state: LayerState | undefined, srid: number, scope: InputsScope, load: () => Promise<T>, sizeOf: (rows: T) => number): Promise<T> | null {
    if (!state || state.rows > this.maxRows) return null;
    const key = `${state.layer}:${srid}`;
    const kept = this.kept.get(key);
    if (kept?.version === state.version) return kept.ready || scope === 'whole' ? (kept.rows as Promise<T>) : null;
    if (kept && scope === 'around') return null;
    const rows = load();
    const entry: Kept = { version: state.version, rows, ready: false };
    this.kept.set(key, entry);
    const forget = (why: string) => {
      if (this.kept.get(key) !== entry) return;
      this.kept.delete(key);
      this.logger.debug(`${state.layer} not kept: ${why}`);
    };
    // Not kept when the load failed (the next run tries again) or it holds more rows than estimated.
    rows.then(
      (v) => (sizeOf(v) > this.maxRows ? forget(`more than ${this.maxRows} rows`) : (entry.ready = true)),
      (err: Error) => forget(err.message),
    );
    return scope === 'whole' ? rows : null;
  }

  /**
   * Brings a kept camera or light layer from the version an earlier run saw to the current one,
   * from the rows written since (read in the same snapshot as that version: see
   * CoverageReuseRepository.startReading), instead of loading the layer again after an edit.
   * Nothing happens unless the layer is kept at exactly that earlier version.
   */
  async bringUpToDate(layer: 'cameras' | 'streetlights', srid: number, changes: LayerChanges): Promise<void> {
    const key = `${layer}:${srid}`;
    const kept = this.kept.get(key);
    if (!kept?.ready || changes.fromVersion === null || kept.version !== changes.fromVersion) return;
    const old = (await kept.rows) as KeptPoints<PointRow & { id: number }>;
    if (this.kept.get(key) !== kept) return;
    const added = changes.rows as (PointRow & { id: number })[];
    const updated: KeptPoints<PointRow> =
      layer === 'cameras'
        ? patchedPoints(old as KeptPoints<WithStatus<CameraRow>>, changes.ids, added as WithStatus<CameraRow>[], (c) => c.rangeM)
        : patchedPoints(old as KeptPoints<WithStatus<LightRow>>, changes.ids, added as WithStatus<LightRow>[], (l) => l.radiusM);
    if (updated.rows.length > this.maxRows) return void this.kept.delete(key);
    this.kept.set(key, { version: changes.version, rows: Promise.resolve(updated), ready: true });
  }
}

export class RunInputs {
  /** The layers whose versions (and sizes) a run reads before any row: `read` of CoverageInputs.forRun. */
  static layers(targets: CoverageTarget): LayerId[] {
    return [targets, ...INPUT_LAYERS];
  }

  constructor(
    private readonly cache: CoverageInputs,
    private readonly repo: CoverageRepository,
    private readonly srid: number,
    private readonly scope: InputsScope,
    private readonly states: Promise<LayerState[]>,
  ) {}

  /** Target lines (clipped to the area when one is given), by id; all live ones when `ids` is undefined. */
  async targets(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined): Promise<LineTarget[]> {
    const whole = area ? null : await this.wholeTargets(layer);
    if (!whole) return parsed(await this.repo.targets(layer, ids, area, this.srid));
    return ids ? linesWithIds(whole, ids) : whole;
  }

  /** How many target lines `targets(…)` would return. */
  async targetCount(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined): Promise<number> {
    const whole = area ? null : await this.wholeTargets(layer);
    if (!whole) return this.repo.targetCount(layer, ids, area, this.srid);
    return ids ? linesWithIds(whole, ids).length : whole.length;
  }

  /**
   * Ids (ascending) of the live target lines within `reachM` of any of the points, found among the
   * kept lines (see linesNear); null when they are not kept (the database finds them then).
   */
  async targetsNear(layer: CoverageTarget, points: readonly ChangedInput[]): Promise<number[] | null> {
    const whole = await this.wholeTargets(layer);
    return whole ? linesNear(whole, points) : null;
  }

  /**
   * The metric bounding box of every target line `targets(…)` would return, in id order: from the
   * kept lines when there are (no line projected again), else from the database.
   */
  async targetBoxes(layer: CoverageTarget, ids: number[] | undefined, area: CoverageArea | undefined): Promise<TargetBox[]> {
    const whole = area ? null : await this.wholeTargets(layer);
    return whole ? boxesOf(whole, ids) : this.repo.targetBoxes(layer, ids, area, this.srid);
  }

  /** Cameras, lights and buildings within reach of the lines (`reach` beyond their extent). */
  async scene(partsList: Vec[][][], o: SceneOptions, reach: Reach): Promise<CoverageScene> {
    const statuses = o.includePlanned ? ['active', 'planned'] : ['active'];
    const extent = envelopeOf(partsList, 0);
    const camEnv = extent && o.sources.includes('cameras') ? grown(extent, reach.cameraM) : null;
    const lightEnv = extent && o.sources.includes('streetlights') ? grown(extent, reach.lightM) : null;
    const withDefaults = (c: CameraRow): Camera => ({ ...c, resolutionPx: c.resolutionPx ?? o.cameraDefaults.resolutionPx });
    const [cameras, lights, buildings] = await Promise.all([
      camEnv ? this.cameras(camEnv, statuses) : [],
      lightEnv ? this.lights(lightEnv, statuses) : [],
      camEnv && o.occlusion ? this.buildings(camEnv) : { index: indexBuildings([]), count: 0 },
    ]);
    return { cameras: cameras.map(withDefaults), lights, buildings: buildings.index, buildingCount: buildings.count, extentM: extent };
  }

  /** How many cameras, lights (with one of the statuses) and buildings the envelopes hold: what a run over them counts. */
  async counts(cameraEnv: MetricEnvelope | null, lightEnv: MetricEnvelope | null, statuses: string[], countBuildings: boolean) {
    const count = async (layer: 'cameras' | 'streetlights', env: MetricEnvelope | null) => {
      if (!env) return 0;
      const kept = await this.points(layer);
      return kept ? countWithin(kept, env, statuses) : null;
    };
    const [cameras, streetlights, kept] = await Promise.all([
      count('cameras', cameraEnv),
      count('streetlights', lightEnv),
      countBuildings && cameraEnv ? this.layer('buildings', () => this.loadBuildings()) : null,
    ]);
    const buildings = !countBuildings || !cameraEnv ? 0 : kept ? countBoxes(kept.boxes, cameraEnv) : null;
    if (cameras !== null && streetlights !== null && buildings !== null) return { cameras, streetlights, buildings };
    // What is not kept is counted by the database.
    const counted = await this.repo.sceneCounts(cameras === null ? cameraEnv : null, streetlights === null ? lightEnv : null, this.srid, statuses, buildings === null);
    return { cameras: cameras ?? counted.cameras, streetlights: streetlights ?? counted.streetlights, buildings: buildings ?? counted.buildings };
  }

  /** The largest range and radius of live cameras and lights: how far an input can reach a line (kept layers are not read again). */
  async maxReach(): Promise<Reach> {
    const largest = async (layer: 'cameras' | 'streetlights') => {
      const kept = await this.points(layer);
      return kept ? kept.maxReach : this.repo.maxReach(layer);
    };
    const [cameraM, lightM] = await Promise.all([largest('cameras'), largest('streetlights')]);
    return { cameraM, lightM };
  }

  private async cameras(env: MetricEnvelope, statuses: string[]): Promise<CameraRow[]> {
    const kept = await this.points('cameras');
    if (!kept) return this.repo.cameras(this.srid, { env, statuses });
    return pointsWithin(kept, env, new Set(statuses)).map((i) => kept.rows[i]);
  }

  private async lights(env: MetricEnvelope, statuses: string[]): Promise<LightRow[]> {
    const kept = await this.points('streetlights');
    if (!kept) return this.repo.lights(this.srid, { env, statuses });
    // Kept rows as they are (their status rides along unused): no copy of every light per run.
    return pointsWithin(kept, env, new Set(statuses)).map((i) => kept.rows[i]);
  }

  /** A camera or light layer as kept (null when it is not to be used now). */
  private points(layer: 'cameras'): Promise<KeptPoints<WithStatus<CameraRow>> | null>;
  private points(layer: 'streetlights'): Promise<KeptPoints<WithStatus<LightRow>> | null>;
  private points(layer: 'cameras' | 'streetlights'): Promise<KeptPoints<PointRow> | null>;
  private points(layer: 'cameras' | 'streetlights'): Promise<KeptPoints<WithStatus<CameraRow>> | KeptPoints<WithStatus<LightRow>> | null> {
    return layer === 'cameras'
      ? this.layer('cameras', async () => keptPoints(await this.repo.cameras(this.srid), (c) => c.rangeM))
      : this.layer('streetlights', async () => keptPoints(await this.repo.lights(this.srid), (l) => l.radiusM));
  }

  private async buildings(env: MetricEnvelope): Promise<{ index: BuildingIndex; count: number }> {
    const all = await this.layer('buildings', () => this.loadBuildings());
    if (!all) {
      const rows = await this.repo.buildings(this.srid, { env });
      return { index: indexBuildings(rows.flatMap((b) => polygonParts(b.id, b.wkb))), count: rows.length };
    }
    // The index holds every building: those beyond the envelope cannot stand between a camera and a line within it.
    return { index: all.index, count: countBoxes(all.boxes, env) };
  }

  private wholeTargets(layer: CoverageTarget): Promise<LineTarget[] | null> {
    return this.layer(layer, async () => indexedLines(parsed(await this.repo.targets(layer, undefined, undefined, this.srid))));
  }

  private async loadBuildings(): Promise<KeptBuildings> {
    const rows = await this.repo.buildings(this.srid);
    const boxes = new Float64Array(rows.length * 4);
    const parts = rows.map((b, i) => {
      const polygons = polygonParts(b.id, b.wkb);
      boxes.set([Infinity, Infinity, -Infinity, -Infinity], i * 4);
      for (const polygon of polygons) {
        for (const [x, y] of polygon.rings[0] ?? []) {
          if (x < boxes[i * 4]) boxes[i * 4] = x;
          if (y < boxes[i * 4 + 1]) boxes[i * 4 + 1] = y;
          if (x > boxes[i * 4 + 2]) boxes[i * 4 + 2] = x;
          if (y > boxes[i * 4 + 3]) boxes[i * 4 + 3] = y;
        }
      }
      return polygons;
    });
    return { boxes, index: indexBuildings(parts.flat()) };
  }

  private async layer<T extends unknown[] | KeptBuildings | KeptPoints<PointRow>>(layer: LayerId, load: () => Promise<T>): Promise<T | null> {
    const state = (await this.states).find((s) => s.layer === layer);
    return this.cache.keptLayer(state, this.srid, this.scope, load, rowCount);
  }
}

function rowCount(kept: unknown[] | KeptBuildings | KeptPoints<PointRow>): number {
  if (Array.isArray(kept)) return kept.length;
  return 'boxes' in kept ? kept.boxes.length / 4 : kept.rows.length;
}

/** Buildings whose projected bounding box meets the envelope. */
function countBoxes(boxes: Float64Array, e: MetricEnvelope): number {
  let n = 0;
  for (let o = 0; o < boxes.length; o += 4) {
    if (boxes[o] <= e.xmax && boxes[o + 2] >= e.xmin && boxes[o + 1] <= e.ymax && boxes[o + 3] >= e.ymin) n++;
  }
  return n;
}

function parsed(rows: TargetRow[]): LineTarget[] {
  return rows.map((row) => ({ row, parts: lineParts(row.wkb) }));
}
