import { loadConfig } from '../config/config';
import { createDataSource, initDataSource, migrate } from '../data-source';
import { loadDemo, type DemoSummary } from '../demo/demo-loader';

const USAGE = 'usage: node db/dist/cli/demo.js [--reset]';

class UsageError extends Error {}

function parseArgs(args: string[]): { reset: boolean } {
  const unknown = args.filter((a) => a !== '--reset');
  if (unknown.length > 0) throw new UsageError(`unknown argument ${unknown.join(' ')}\n${USAGE}`);
  return { reset: args.includes('--reset') };
}

function printSummary(summary: DemoSummary): void {
  for (const [layer, c] of Object.entries(summary.layers)) {
    console.log(`${layer.padEnd(14)} ${String(c.rows).padStart(6)} rows${c.sample ? ` (${c.sample} sample)` : ''}`);
  }
  const extra = [`${summary.repairedPolygons} polygons repaired`];
  if (summary.skipped !== null) extra.push(`${summary.skipped} skipped`);
  const verb = summary.action === 'loaded' ? 'loaded' : 'already loaded, layers unchanged';
  console.log(`demo ${verb} in ${(summary.elapsedMs / 1000).toFixed(1)} s (${extra.join(', ')})`);
}

async function main(): Promise<void> {
  const { reset } = parseArgs(process.argv.slice(2));
  const config = loadConfig();
  const dataSource = await initDataSource(createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'mimamori-demo' }));
  try {
    const done = await migrate(dataSource);
    if (done.length) console.log(`migrated: ${done.join(', ')}`);
    printSummary(await loadDemo(dataSource, { reset, log: (msg) => console.log(msg) }));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: Error) => {
  console.error(err instanceof UsageError ? err.message : `demo load failed: ${err.message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
