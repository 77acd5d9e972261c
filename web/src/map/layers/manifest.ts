import type { MapLayerDefinition } from '../map-layer';
import { areas } from './areas';
import { beats } from './beats';
import { blocks } from './blocks';
import { buildings } from './buildings';
import { cameras } from './cameras';
import { facilities } from './facilities';
import { patrolTracks } from './patrol-tracks';
import { roads } from './roads';
import { schoolRoutes } from './school-routes';
import { streetlights } from './streetlights';

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
