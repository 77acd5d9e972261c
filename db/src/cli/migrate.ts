import { createDataSource, initDataSource, migrate } from '../data-source';
import { loadConfig } from '../config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await initDataSource(createDataSource({ databaseUrl: config.databaseUrl, applicationName: 'mimamori-migrate' }));
  try {
    const done = await migrate(dataSource);
    console.log(done.length ? `migrated: ${done.join(', ')}` : 'schema up to date');
  } finally {
    await dataSource.destroy();
  }
}

main().catch((err: Error) => {
  console.error(`migration failed: ${err.message}`);
  process.exit(1);
});
