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

type Unsourced<T> = Omit<T, 'source' | 'source-layer'>;

/** A style layer drawn from one data layer's tiles; the style builder fills in `source` and `source-layer`. */
export type DataStyleLayer = Unsourced<FillLayerSpecification> | Unsourced<LineLayerSpecification> | Unsourced<CircleLayerSpecification>;

export type LegendShape = 'fill' | 'line' | 'dash' | 'circle' | 'ring' | 'halo';

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

/** `['boolean', ['feature-state', name], false]`: true while the feature is hovered or selected. */
export const hovered: ExpressionSpecification = ['boolean', ['feature-state', 'hover'], false];
export const selected: ExpressionSpecification = ['boolean', ['feature-state', 'selected'], false];
