import type { AnalysisLayerDefinition, MapLayerDefinition, ToolStyleLayer } from '../map-layer';
import { analysisBeats } from './analysis-beats';
import { analysisCoverage } from './analysis-coverage';
import { analysisPatrol } from './analysis-patrol';
import { analysisRouteAudit } from './analysis-route-audit';
import { analysisSiting } from './analysis-siting';
import { areas } from './areas';
import { beats } from './beats';
import { blocks } from './blocks';
import { buildings } from './buildings';
import { cameras } from './cameras';
import { editLayers } from './edit-tools';
import { facilities } from './facilities';
import { patrolTracks } from './patrol-tracks';
import { roads } from './roads';
import { schoolRoutes } from './school-routes';
import { streetlights } from './streetlights';
import { whatIfLayers } from './what-if';

export { background } from './background';

/** Draw order, bottom to top: the base drawn from our own data first, then the data layers. */
export const MAP_LAYERS: readonly MapLayerDefinition[] = [
  blocks,
  buildings,
  roads,
  beats,
  areas,
  schoolRoutes,
  patrolTracks,
  streetlights,
  facilities,
  cameras,
];

/** The selected analysis run's results, above the data layers. */
export const ANALYSIS_LAYERS: readonly AnalysisLayerDefinition[] = [analysisBeats, analysisPatrol, analysisCoverage, analysisRouteAudit, analysisSiting];

/** Editing and what-if, on top of everything. */
export const TOOL_LAYERS: readonly ToolStyleLayer[] = [...whatIfLayers, ...editLayers];
