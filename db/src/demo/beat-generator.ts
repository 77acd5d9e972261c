import { distance } from '@turf/turf';
import { DEMO_DATASET, inBBox, type BBox, type Block, type DemoRow, type Koban } from './demo-types';
import type { Random } from './prng';

/** A row whose geometry is the union of rows of another layer (given by external id), formed in SQL. */
export type UnionRow = Omit<DemoRow, 'geometry'> & { parts: string[] };

/** The blocks of the demo area: those whose centre lies in the OSM extract. */
export function blocksInExtract(blocks: readonly Block[], bbox: BBox): Block[] {
  return blocks.filter((b) => inBBox(b.centroid, bbox));
}

export function groupByNearestKoban(blocks: readonly Block[], kobans: readonly Koban[]): Map<Koban, Block[]> {
  const groups = new Map<Koban, Block[]>(kobans.map((k) => [k, []]));
  for (const block of blocks) {
    let best = kobans[0];
    for (const k of kobans) {
      if (distance(block.centroid, k.position) < distance(block.centroid, best.position)) best = k;
    }
    groups.get(best)?.push(block);
  }
  return groups;
}

/** Sample 受持区: the demo blocks grouped around their nearest real koban. */
export function generateBeats(blocks: readonly Block[], kobans: readonly Koban[], rng: Random): UnionRow[] {
  const rows: UnionRow[] = [];
  for (const [koban, members] of groupByNearestKoban(blocks, kobans)) {
    if (members.length === 0) continue;
    const households = members.reduce((sum, b) => sum + (b.households ?? 0), 0);
    const code = `B${String(rows.length + 1).padStart(2, '0')}`;
    rows.push({
      externalId: `sample:beat:${code}`,
      sample: true,
      properties: {
        code,
        name: `${koban.post} 受持区 (サンプル)`,
        post: koban.post,
        station: koban.station,
        households,
        priority_households: Math.round(households * rng.range(0.05, 0.1)),
        businesses: Math.round(households * rng.range(0.08, 0.15)),
      },
      extra: { demo: DEMO_DATASET, koban: koban.externalId, blocks: members.map((b) => b.name) },
      parts: members.map((b) => b.externalId),
    });
  }
  return rows;
}
