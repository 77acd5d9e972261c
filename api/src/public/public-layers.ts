import { findLayer, type LayerDefinition } from '@mimamori/db';

/**
 * What the public 安全マップ may show, by allow-list: active streetlights, and the facilities
 * a child can run to. Cameras are only ever published as counts per half mesh.
 */
export interface PublicLayer {
  layer: LayerDefinition;
  title: { ja: string; en: string };
  properties: readonly string[];
  /** Only rows whose `kind` is one of these (null: every kind). */
  kinds: readonly string[] | null;
  /** Only rows with status 'active' (for layers that have a status). */
  activeOnly: boolean;
}

export const PUBLIC_LAYERS: readonly PublicLayer[] = [
  { layer: findLayer('streetlights')!, title: { ja: '防犯灯・街路灯', en: 'Streetlights' }, properties: ['lamp_type', 'radius_m'], kinds: null, activeOnly: true },
  {
    layer: findLayer('facilities')!,
    title: { ja: '交番・避難場所・こども110番の家', en: 'Koban, refuges and shelters' },
    properties: ['kind', 'name'],
    kinds: ['koban', 'refuge', 'shelter'],
    activeOnly: false,
  },
];

/** Cells with fewer active cameras than this are left out, so no single camera can be located. */
export const MIN_CAMERAS_PER_CELL = 3;
/** At most this many half-mesh cells per request (about 1° × 1°). */
export const MAX_MESH_CELLS = 40_000;

export function findPublicLayer(id: string): PublicLayer | undefined {
  return PUBLIC_LAYERS.find((p) => p.layer.id === id);
}
