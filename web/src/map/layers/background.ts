import type { BackgroundLayerSpecification } from '@maplibre/maplibre-gl-style-spec';

export const background: BackgroundLayerSpecification = {
  id: 'background',
  type: 'background',
  paint: { 'background-color': '#e7e4dc' },
};
