import { kindIs, selected, type AnalysisLayerDefinition } from '../map-layer';

const BEAT = '#6741d9';
const DEFECT = '#e8590c';

/** beat-stats / beat-check / patrol-coverage `beat` features, and beat-check defects. */
export const analysisBeats: AnalysisLayerDefinition = {
  id: 'analysis-beats',
  legend: [
    { label: 'legend.beatResult', shape: 'fill', color: 'rgba(103, 65, 217, 0.15)', stroke: BEAT },
    { label: 'legend.beatDefect', shape: 'fill', color: 'rgba(232, 89, 12, 0.45)', stroke: DEFECT },
  ],
  layers: [
    {
      id: 'analysis-beat-fill',
      type: 'fill',
      filter: kindIs('beat'),
      paint: { 'fill-color': BEAT, 'fill-opacity': ['case', selected, 0.3, 0.1] },
    },
    {
      id: 'analysis-beat-outline',
      type: 'line',
      filter: kindIs('beat'),
      paint: { 'line-color': BEAT, 'line-width': 2.5 },
    },
    {
      id: 'analysis-defect',
      type: 'fill',
      filter: kindIs('gap', 'overlap', 'sliver', 'outside'),
      paint: { 'fill-color': DEFECT, 'fill-opacity': 0.45, 'fill-outline-color': DEFECT },
    },
  ],
};
