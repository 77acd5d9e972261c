import type { Geometry, Position } from 'geojson';
import { buildDemoPlan } from './demo-plan';
import { inBBox, JAPAN_BBOX } from './demo-types';
import { readDemoSources } from './source-data';

function positions(g: Geometry): Position[] {
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'LineString':
    case 'MultiPoint':
      return g.coordinates;
    case 'Polygon':
    case 'MultiLineString':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(positions);
  }
}

describe('buildDemoPlan', () => {
  const sources = readDemoSources();
  const plan = buildDemoPlan(sources);

  it('is the same on every build and changes with the seed', () => {
    expect(JSON.stringify(buildDemoPlan(sources))).toBe(JSON.stringify(plan));
    const other = buildDemoPlan(sources, 7);
    const cameras = (p: typeof plan) => p.rows.find((b) => b.layer === 'cameras')?.rows;
    expect(cameras(other)).not.toEqual(cameras(plan));
  });

  it('gives every row a unique external id per layer, the demo marker, and positions inside Japan', () => {
    for (const batch of [...plan.rows, ...plan.unions]) {
      const ids = batch.rows.map((r) => r.externalId);
      expect(new Set(ids).size).toBe(ids.length);
      expect(batch.rows.every((r) => r.extra.demo === 'shinjuku')).toBe(true);
    }
    for (const batch of plan.rows) {
      for (const row of batch.rows) expect(positions(row.geometry).every((p) => inBBox(p, JAPAN_BBOX))).toBe(true);
    }
  });

  it('lets the police own beats and patrol tracks, the city everything else', () => {
    const owners = Object.fromEntries([...plan.rows, ...plan.unions].map((b) => [b.layer, b.owner]));
    expect(owners).toEqual({
      roads: 'city',
      buildings: 'city',
      blocks: 'city',
      facilities: 'city',
      streetlights: 'city',
      cameras: 'city',
      'school-routes': 'city',
      'patrol-tracks': 'police',
      areas: 'city',
      beats: 'police',
    });
  });

  it('builds the sample station area and the beats from the same blocks', () => {
    const areas = plan.unions.find((b) => b.layer === 'areas')?.rows ?? [];
    const beats = plan.unions.find((b) => b.layer === 'beats')?.rows ?? [];
    const ward = areas.find((a) => a.properties.kind === 'ward');
    const station = areas.find((a) => a.properties.kind === 'police-station');
    expect(ward?.parts).toHaveLength(153);
    expect(ward?.sample).toBe(false);
    expect(station?.sample).toBe(true);
    expect(beats.flatMap((b) => b.parts).sort()).toEqual([...(station?.parts ?? [])].sort());
  });
});
