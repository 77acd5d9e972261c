import type { MapLayerDefinition } from '../map-layer';

const COLORS = { police: '#1864ab', volunteer: '#1098ad', foot: '#5c7cfa' };

export const patrolTracks: MapLayerDefinition = {
  id: 'patrol-tracks',
  minzoom: 10,
  sample: true,
  legend: [
    { label: 'legend.patrolPolice', shape: 'line', color: COLORS.police },
    { label: 'legend.patrolVolunteer', shape: 'line', color: COLORS.volunteer },
    { label: 'legend.patrolFoot', shape: 'line', color: COLORS.foot },
  ],
  layers: [
    {
      id: 'patrol-tracks',
      type: 'line',
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['match', ['get', 'kind'], 'volunteer', COLORS.volunteer, 'foot', COLORS.foot, COLORS.police],
        'line-opacity': 0.7,
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, 0.8, 17, 2],
      },
    },
  ],
};
