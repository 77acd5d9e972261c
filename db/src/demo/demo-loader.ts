import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import type { LayerId } from '../layers/layer-registry';
import { buildDemoPlan, type DemoOwner } from './demo-plan';
import { DemoRepository, type LayerCount } from './demo.repository';
import { seedDemoUsers, type DemoOrganisationIds } from './demo-users';
import { readDemoSources } from './source-data';

export { DEMO_DATASET, DEMO_REFERENCE_DATE } from './demo-types';

export interface DemoOptions {
  /** Delete every row of the ten layer tables and all analysis runs, then load again. */
  reset?: boolean;
  log?: (msg: string) => void;
}

export interface DemoSummary {
  /** `already-loaded`: nothing was written (the demo's roads were found). */
  action: 'loaded' | 'already-loaded';
  /** Live demo rows per layer, `sample` of them generated. */
  layers: Record<LayerId, { rows: number; sample: number }>;
  /** Real polygons stored after ST_MakeValid. */
  repairedPolygons: number;
  /** Source rows dropped because their geometry was empty or unusable; null when nothing was loaded now. */
  skipped: number | null;
  organisations: DemoOrganisationIds;
  elapsedMs: number;
}

/**
 * Loads the Shinjuku demo (real OSM, census, crime and shelter layers plus generated sample
 * layers) in one transaction. Idempotent: a second call writes nothing unless `reset` is set.
 */
export async function loadDemo(dataSource: DataSource, options: DemoOptions = {}): Promise<DemoSummary> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  return dataSource.transaction(async (manager) => {
    const repo = new DemoRepository(manager);
    await repo.lock();
    const organisations = await seedDemoUsers(manager);
    if (options.reset) {
      await repo.deleteAll();
      log('reset: deleted all layer rows and analysis runs');
    } else if (await repo.isLoaded()) {
      log('demo data already loaded: nothing to do');
      return summarise('already-loaded', await repo.counts(), null, organisations, started);
    }

    const plan = buildDemoPlan(readDemoSources());
    log(`demo plan built in ${Math.round(performance.now() - started)} ms`);
    const ownerId = (owner: DemoOwner) => organisations[owner];
    let skipped = 0;
    for (const batch of plan.rows) {
      const result = await repo.insertRows(batch.layer, ownerId(batch.owner), batch.rows);
      skipped += result.skipped;
      if (result.repaired) log(`${batch.layer}: ${result.repaired} invalid polygons repaired with ST_MakeValid`);
      if (result.skipped) log(`${batch.layer}: ${result.skipped} rows skipped (empty or unusable geometry)`);
    }
    for (const batch of plan.unions) await repo.insertUnions(batch.layer, ownerId(batch.owner), organisations.city, batch.rows);
    return summarise('loaded', await repo.counts(), skipped, organisations, started);
  });
}

function summarise(
  action: DemoSummary['action'],
  counts: Record<LayerId, LayerCount>,
  skipped: number | null,
  organisations: DemoOrganisationIds,
  started: number,
): DemoSummary {
  const layers = {} as DemoSummary['layers'];
  let repairedPolygons = 0;
  for (const [id, c] of Object.entries(counts) as [LayerId, LayerCount][]) {
    layers[id] = { rows: c.rows, sample: c.sample };
    repairedPolygons += c.repaired;
  }
  return { action, layers, repairedPolygons, skipped, organisations, elapsedMs: Math.round(performance.now() - started) };
}
