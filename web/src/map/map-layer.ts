import type { CircleLayerSpecification, ExpressionSpecification, FillLayerSpecification, LineLayerSpecification } from '@maplibre/maplibre-gl-style-spec';
import type { MessageKey } from '../i18n';

/** Layer ids of the contract (docs: ARCHITECTURE.md, "Layers"); each is a tile source and an MVT layer name. */
export const DATA_LAYER_IDS = [
  'cameras',
  'streetlights',
  'school-routes',
  'patrol-tracks',
  'beats',
  'buildings',
  'roads',
  'facilities',
  'blocks',
  'areas',
] as const;
export type DataLayerId = (typeof DATA_LAYER_IDS)[number];

/** Below this zoom dense points are drawn as clusters from the API; from it on, from the tiles. */
export const POINT_TILES_MINZOOM = 14;

/**
 * GeoJSON sources the browser fills: points loaded from the API (clustered at low zoom), camera
 * wedges computed from them, and the editing and what-if tools. `layer` ties a source to the
 * data layer whose visibility, opacity and access it shares.
 */
export const OVERLAY_SOURCES = {
  'cameras-points': { layer: 'cameras', cluster: true },
  'camera-wedges': { layer: 'cameras', cluster: false },
  'streetlights-points': { layer: 'streetlights', cluster: true },
  'what-if': { layer: null, cluster: false },
  'edit-sketch': { layer: null, cluster: false },
  'edit-handles': { layer: null, cluster: false },
} as const satisfies Record<string, { layer: DataLayerId | null; cluster: boolean }>;
export type OverlayId = keyof typeof OVERLAY_SOURCES;
export const OVERLAY_IDS = Object.keys(OVERLAY_SOURCES) as OverlayId[];

/** Clusters merge points within this many pixels, up to this zoom. */
export const CLUSTER_RADIUS_PX = 40;
export const CLUSTER_MAX_ZOOM = POINT_TILES_MINZOOM - 1;

/** The vector source of the selected analysis run and its MVT layer (`/api/tiles/analyses/{runId}/…`). */
export const ANALYSIS_SOURCE = 'analysis';

type Unsourced<T> = Omit<T, 'source' | 'source-layer'>;
export type StyleLayerBody = Unsourced<FillLayerSpecification> | Unsourced<LineLayerSpecification> | Unsourced<CircleLayerSpecification>;

/**
 * A style layer of a data layer: drawn from the layer's tiles, or from one of its overlay sources
 * when `overlay` is set. The style builder fills in `source` and `source-layer`.
 */
export type DataStyleLayer = StyleLayerBody & { readonly overlay?: OverlayId };

/** A style layer of the editing and what-if tools, always drawn on top. */
export type ToolStyleLayer = StyleLayerBody & { readonly overlay: OverlayId };

export type LegendShape = 'fill' | 'line' | 'dash' | 'circle' | 'ring' | 'halo' | 'wedge';

export interface LegendEntry {
  readonly label: MessageKey;
  readonly shape: LegendShape;
  readonly color: string;
  readonly stroke?: string;
}

export interface MapLayerDefinition {
  readonly id: DataLayerId;
  /** First zoom the API serves tiles for (the layer registry's minZoom). */
  readonly minzoom: number;
  /** Generated demo data rather than a published source. */
  readonly sample: boolean;
  readonly layers: readonly DataStyleLayer[];
  readonly legend: readonly LegendEntry[];
  /** Style layers that answer hover and click (feature-state needs feature ids in the tiles). */
  readonly interactive?: readonly string[];
}

/** Style layers of analysis results, drawn from the `analysis` MVT layer and filtered by `kind`. */
export interface AnalysisLayerDefinition {
  readonly id: string;
  readonly layers: readonly StyleLayerBody[];
  readonly legend: readonly LegendEntry[];
}

/** `['boolean', ['feature-state', name], false]`: true while the feature is hovered or selected. */
export const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
export const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
export const isCluster: ExpressionSpecification = ['has', 'point_count'];
export const kindIs = (...kinds: string[]): ExpressionSpecification => ['in', ['get', 'kind'], ['literal', kinds]];
