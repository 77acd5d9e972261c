import { hovered, selected, type MapLayerDefinition } from '../map-layer';

/** Facility kinds (registry enum) and their colours; the legend lists them in this order. */
export const FACILITY_COLORS = {
  school: '#d9480f',
  koban: '#1c3d8c',
  refuge: '#c2255c',
  shelter: '#9c36b5',
  station: '#495057',
  convenience: '#8d6a2b',
} as const;

export const facilities: MapLayerDefinition = {
  id: 'facilities',
  minzoom: 10,
  sample: false,
  interactive: ['facilities'],
  legend: [
    { label: 'legend.school', shape: 'circle', color: FACILITY_COLORS.school, stroke: '#ffffff' },
    { label: 'legend.koban', shape: 'circle', color: FACILITY_COLORS.koban, stroke: '#ffffff' },
    { label: 'legend.refuge', shape: 'circle', color: FACILITY_COLORS.refuge, stroke: '#ffffff' },
    { label: 'legend.shelter', shape: 'circle', color: FACILITY_COLORS.shelter, stroke: '#ffffff' },
    { label: 'legend.station', shape: 'circle', color: FACILITY_COLORS.station, stroke: '#ffffff' },
    { label: 'legend.convenience', shape: 'circle', color: FACILITY_COLORS.convenience, stroke: '#ffffff' },
  ],
  layers: [
    {
      id: 'facilities',
      type: 'circle',
      paint: {
        'circle-radius': ['interpolate', ['linear'], ['zoom'], 12, ['case', hovered, 5, 3.5], 16, ['case', hovered, 9, 6.5], 19, ['case', hovered, 11, 8.5]],
        'circle-color': [
          'match',
          ['get', 'kind'],
          'school',
          FACILITY_COLORS.school,
          'koban',
          FACILITY_COLORS.koban,
          'refuge',
          FACILITY_COLORS.refuge,
          'shelter',
          FACILITY_COLORS.shelter,
          'station',
          FACILITY_COLORS.station,
          FACILITY_COLORS.convenience,
        ],
        'circle-stroke-color': ['case', selected, '#e03131', '#ffffff'],
        'circle-stroke-width': ['case', selected, 3, 1.5],
      },
    },
  ],
};
