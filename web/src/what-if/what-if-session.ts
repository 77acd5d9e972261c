import type { ApiClient, BBox } from '../api/client';
import { localPlane, type LonLat } from '../geo/local-plane';
import type { MapController } from '../map/map-controller';
import { EMPTY_COLLECTION } from '../map/style';
import { buildContext, evaluateWhatIf, type DraftCamera, type WhatIfContext, type WhatIfResult } from './what-if-model';

/** Half the side of the square whose school routes the what-if colours. */
const FRAME_HALF_M = 200;
/** Cameras, lights and buildings this far outside the frame still see into it or block views. */
const INPUT_MARGIN_M = 150;
const LIMIT = 10000;

export interface WhatIfReport {
  readonly current: WhatIfResult;
  /** The same frame as stored, without the draft (the camera where it was, or no new camera). */
  readonly before: WhatIfResult;
}

/**
 * The live what-if while a camera is placed, moved or turned: loads nearby routes, cameras,
 * lights and buildings once, then recomputes the route coverage with the shared kernels on every
 * change (at most once a frame) and draws it on the map.
 */
export class WhatIfSession {
  private context: WhatIfContext | null = null;
  private centre: LonLat | null = null;
  private before: WhatIfResult | null = null;
  private draft: DraftCamera | null = null;
  private frame = 0;
  private loading: Promise<void> | null = null;
  private closed = false;
  private readonly listeners = new Set<(report: WhatIfReport | null) => void>();

  constructor(
    private readonly api: ApiClient,
    private readonly controller: MapController,
    /** The stored camera being edited, left out of the context; undefined for a new camera. */
    private readonly editedId?: string | number,
  ) {}

  onReport(listener: (report: WhatIfReport | null) => void): void {
    this.listeners.add(listener);
  }

  /** The camera as it is now; the coloured routes follow within a frame. */
  update(draft: DraftCamera): void {
    this.draft = draft;
    if (!this.centre || !this.covers(draft)) {
      void this.load(draft.at);
      return;
    }
    if (!this.frame) this.frame = requestAnimationFrame(() => this.evaluate());
  }

  close(): void {
    this.closed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.controller.setOverlayData('what-if', EMPTY_COLLECTION);
    for (const listener of this.listeners) listener(null);
  }

  private covers(draft: DraftCamera): boolean {
    if (!this.centre) return false;
    const [x, y] = localPlane(this.centre).toMetres(draft.at);
    return Math.max(Math.abs(x), Math.abs(y)) < FRAME_HALF_M / 2;
  }

  private async load(centre: LonLat): Promise<void> {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const plane = localPlane(centre);
        const box = (halfM: number): BBox => {
          const [w, s] = plane.toLonLat([-halfM, -halfM]);
          const [e, n] = plane.toLonLat([halfM, halfM]);
          return [w, s, e, n];
        };
        const inputsBox = box(FRAME_HALF_M + INPUT_MARGIN_M);
        const [routes, cameras, lights, buildings] = await Promise.all(
          (['school-routes', 'cameras', 'streetlights', 'buildings'] as const).map((layer) =>
            this.controller.isAvailable(layer) ? this.api.features(layer, { bbox: layer === 'school-routes' ? box(FRAME_HALF_M) : inputsBox, limit: LIMIT }) : null,
          ),
        );
        if (this.closed) return;
        const inputs = { routes: routes?.features ?? [], cameras: cameras?.features ?? [], lights: lights?.features ?? [], buildings: buildings?.features ?? [] };
        this.context = buildContext(inputs, centre, FRAME_HALF_M, this.editedId);
        this.centre = centre;
        const stored = this.editedId === undefined ? null : cameras?.features.find((f) => f.id === this.editedId);
        this.before = evaluateWhatIf(buildContext(inputs, centre, FRAME_HALF_M, stored ? undefined : this.editedId), null);
      } catch (err) {
        console.warn(`[mimamori] what-if inputs could not be loaded: ${(err as Error).message}`);
        return;
      } finally {
        this.loading = null;
      }
      if (this.draft && !this.closed) this.update(this.draft);
    })();
    return this.loading;
  }

  private evaluate(): void {
    this.frame = 0;
    if (this.closed || !this.context || !this.draft || !this.before) return;
    const current = evaluateWhatIf(this.context, this.draft);
    this.controller.setOverlayData('what-if', { type: 'FeatureCollection', features: current.features });
    for (const listener of this.listeners) listener({ current, before: this.before });
  }
}
