import { kindIs, selected, type AnalysisLayerDefinition } from '../map-layer';

const NONE = '#e03131';
const FEW = '#fab005';
const MANY = '#1864ab';

/** patrol-coverage `segment` features coloured by how often patrols passed. */
export const analysisPatrol: AnalysisLayerDefinition = {
  id: 'analysis-patrol',
  legend: [
    { label: 'legend.passesNone', shape: 'line', color: NONE },
    { label: 'legend.passesFew', shape: 'line', color: FEW },
    { label: 'legend.passesMany', shape: 'line', color: MANY },
  ],
  layers: [
    {
      id: 'analysis-segment',
      type: 'line',
      filter: kindIs('segment'),
      layout: { 'line-join': 'round', 'line-cap': 'round' },
      paint: {
        'line-color': ['step', ['to-number', ['get', 'passes'], 0], NONE, 1, FEW, 5, MANY],
        'line-width': ['interpolate', ['linear'], ['zoom'], 12, ['case', selected, 4, 2], 17, ['case', selected, 8, 5]],
        'line-opacity': 0.8,
      },
    },
  ],
};
