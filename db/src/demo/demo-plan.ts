import type { LayerId } from '../layers/layer-registry';
import { blocksInExtract, generateBeats, type UnionRow } from './beat-generator';
import { generateCameras } from './camera-generator';
import { DEMO_DATASET, DEMO_SEED, type DemoRow } from './demo-types';
import { generatePatrolTracks } from './patrol-track-generator';
import { seededRandom } from './prng';
import { realRows } from './real-layers';
import { generateRefuges } from './refuge-generator';
import { buildRoadGraph, drivable, walkable } from './road-graph';
import { generateSchoolRoutes } from './school-route-generator';
import type { DemoSources } from './source-data';
import { readSourceFeatures } from './source-features';
import { generateStreetlights } from './streetlight-generator';

export type DemoOwner = 'city' | 'police';

export interface RowBatch {
  layer: LayerId;
  owner: DemoOwner;
  rows: DemoRow[];
}

/** Rows whose geometry is the union of `blocks` rows, inserted after the blocks. */
export interface UnionBatch {
  layer: LayerId;
  owner: DemoOwner;
  rows: UnionRow[];
}

export interface DemoPlan {
  rows: RowBatch[];
  unions: UnionBatch[];
}

export const WARD = { name: '新宿区', code: '13104' };
export const SAMPLE_STATION_AREA = '戸塚警察署 管内 (サンプル)';

/** Everything the demo writes, computed from the sources without a database; the same every time. */
export function buildDemoPlan(sources: DemoSources, seed = DEMO_SEED): DemoPlan {
  const features = readSourceFeatures(sources);
  const real = realRows(sources);
  const walkGraph = buildRoadGraph(features.roads, walkable);
  const driveGraph = buildRoadGraph(features.roads, drivable);
  const demoBlocks = blocksInExtract(features.blocks, features.bbox);

  const areas: UnionRow[] = [
    {
      externalId: `estat:${WARD.code}`,
      sample: false,
      properties: { kind: 'ward', name: WARD.name, code: WARD.code },
      extra: { demo: DEMO_DATASET },
      parts: features.blocks.map((b) => b.externalId),
    },
    {
      externalId: 'sample:area:police-station',
      sample: true,
      properties: { kind: 'police-station', name: SAMPLE_STATION_AREA, code: null },
      extra: { demo: DEMO_DATASET, blocks: demoBlocks.map((b) => b.name) },
      parts: demoBlocks.map((b) => b.externalId),
    },
  ];

  return {
    rows: [
      { layer: 'roads', owner: 'city', rows: real.roads },
      { layer: 'buildings', owner: 'city', rows: real.buildings },
      { layer: 'blocks', owner: 'city', rows: real.blocks },
      { layer: 'facilities', owner: 'city', rows: [...real.facilities, ...generateRefuges(features.roads, seededRandom(seed, 'refuges'))] },
      {
        layer: 'streetlights',
        owner: 'city',
        rows: [...real.streetlights, ...generateStreetlights(features.roads, features.streetLamps, seededRandom(seed, 'streetlights'))],
      },
      { layer: 'cameras', owner: 'city', rows: generateCameras(features.cameraSites, features.roads, seededRandom(seed, 'cameras')) },
      {
        layer: 'school-routes',
        owner: 'city',
        rows: generateSchoolRoutes(features.elementarySchools, demoBlocks, walkGraph, seededRandom(seed, 'school-routes')),
      },
      {
        layer: 'patrol-tracks',
        owner: 'police',
        rows: generatePatrolTracks(features.kobans, driveGraph, walkGraph, seededRandom(seed, 'patrol-tracks')),
      },
    ],
    unions: [
      { layer: 'areas', owner: 'city', rows: areas },
      { layer: 'beats', owner: 'police', rows: generateBeats(demoBlocks, features.kobans, seededRandom(seed, 'beats')) },
    ],
  };
}
