import { DATA_LAYER_IDS } from './map/map-layer';

/**
 * What the address keeps besides the view (MapLibre's `#zoom/lat/lon`): the data layers that are
 * on and the analysis run shown, e.g. `/?layers=cameras,roads&run=<id>#15/35.705/139.712`.
 * Reloading or sharing the address restores them.
 */
export interface LinkState {
  /** Data layers turned on; null when the address does not say (all on). */
  readonly layers: readonly string[] | null;
  readonly run: string | null;
}

const RUN_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readLinkState(search: string): LinkState {
  const params = new URLSearchParams(search);
  const layersParam = params.get('layers');
  const known = new Set<string>(DATA_LAYER_IDS);
  const layers = layersParam === null ? null : layersParam.split(',').filter((id) => known.has(id));
  const run = params.get('run');
  return { layers, run: run && RUN_ID.test(run) ? run : null };
}

/** The data layers a link's `layers` leaves off (every known layer not listed). */
export function hiddenByLink(state: LinkState): string[] {
  if (state.layers === null) return [];
  return DATA_LAYER_IDS.filter((id) => !state.layers!.includes(id));
}

/** `href` with the state in its query, other query parameters and the hash kept. */
export function withLinkState(href: string, state: LinkState): string {
  const url = new URL(href);
  if (state.layers === null) url.searchParams.delete('layers');
  else url.searchParams.set('layers', state.layers.join(','));
  if (state.run) url.searchParams.set('run', state.run);
  else url.searchParams.delete('run');
  // Layer ids and run ids need no escaping; keep the commas readable.
  return url.toString().replace(/%2C/gi, ',');
}
