import type { MapLayerDefinition } from '../map-layer';

const COLOR = '#6741d9';

export const beats: MapLayerDefinition = {
  id: 'beats',
  minzoom: 8,
  sample: true,
  legend: [{ label: 'legend.beat', shape: 'fill', color: 'rgba(103, 65, 217, 0.12)', stroke: COLOR }],
  layers: [
    { id: 'beats-fill', type: 'fill', paint: { 'fill-color': COLOR, 'fill-opacity': 0.04 } },
    {
      id: 'beats-outline',
      type: 'line',
      layout: { 'line-join': 'round' },
      paint: { 'line-color': COLOR, 'line-opacity': 0.8, 'line-width': ['interpolate', ['linear'], ['zoom'], 12, 1, 17, 2.5] },
    },
  ],
};
