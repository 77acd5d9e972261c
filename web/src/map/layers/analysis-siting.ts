import { kindIs, selected, type AnalysisLayerDefinition } from '../map-layer';

export const PROPOSED_COLOR = '#862e9c';

/** Siting results: proposed cameras (`site`) with their views (`sector`), dashed because they are not built. */
export const analysisSiting: AnalysisLayerDefinition = {
  id: 'analysis-siting',
  legend: [
    { label: 'legend.proposedSite', shape: 'ring', color: '#ffffff', stroke: PROPOSED_COLOR },
    { label: 'legend.proposedView', shape: 'dash', color: PROPOSED_COLOR },
  ],
  layers: [
    {
      id: 'analysis-sector-fill',
      type: 'fill',
      filter: kindIs('sector'),
      paint: { 'fill-color': PROPOSED_COLOR, 'fill-opacity': ['case', selected, 0.35, 0.14] },
    },
    {
      id: 'analysis-sector-outline',
      type: 'line',
      filter: kindIs('sector'),
      paint: { 'line-color': PROPOSED_COLOR, 'line-width': 2, 'line-dasharray': [2, 1.5] },
    },
    {
      id: 'analysis-site',
      type: 'circle',
      filter: kindIs('site'),
      paint: {
        // The first choices are the largest: rank 1 draws at 9 px, rank 10 and later at 5 px.
        'circle-radius': ['interpolate', ['linear'], ['to-number', ['get', 'rank'], 10], 1, 9, 10, 5],
        'circle-color': '#ffffff',
        'circle-stroke-color': ['case', selected, '#e03131', PROPOSED_COLOR],
        'circle-stroke-width': 3,
      },
    },
  ],
};
