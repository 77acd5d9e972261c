import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FeatureCollection, LineString, Point, Polygon } from 'geojson';

/** Published source files of the demo (attribution in db/data/README.md). */
export const DEMO_DATA_DIR = resolve(__dirname, '../../data/shinjuku-toyama');

export type Tags = Record<string, string | number | null>;

export interface DemoSources {
  roads: FeatureCollection<LineString, Tags>;
  buildings: FeatureCollection<Polygon, Tags>;
  pois: FeatureCollection<Point, Tags>;
  blocks: FeatureCollection<Polygon, Tags>;
  shelters: FeatureCollection<Point, Tags>[];
}

function read<G extends LineString | Polygon | Point>(dir: string, file: string): FeatureCollection<G, Tags> {
  const json = JSON.parse(readFileSync(join(dir, file), 'utf8')) as FeatureCollection<G, Tags>;
  if (json.type !== 'FeatureCollection' || !Array.isArray(json.features)) throw new Error(`${file}: not a GeoJSON FeatureCollection`);
  return json;
}

export function readDemoSources(dir = DEMO_DATA_DIR): DemoSources {
  return {
    roads: read<LineString>(dir, 'roads.geojson'),
    buildings: read<Polygon>(dir, 'buildings.geojson'),
    pois: read<Point>(dir, 'pois.geojson'),
    blocks: read<Polygon>(dir, 'blocks-with-crime.geojson'),
    shelters: [read<Point>(dir, 'shelters-evacuation.geojson'), read<Point>(dir, 'shelters-emergency.geojson')],
  };
}
