import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { ENTITIES } from './entities';
import { Initial1763800000000 } from './migrations/1763800000000-initial';
import { ImportMappings1764100000000 } from './migrations/1764100000000-import-mappings';
import { Countermeasures1764300000000 } from './migrations/1764300000000-countermeasures';
import { AnalysisPartial1764400000000 } from './migrations/1764400000000-analysis-partial';
import { AnalysisRunSnapshot1764400000001 } from './migrations/1764400000001-analysis-run-snapshot';
import { Trust1764500000000 } from './migrations/1764500000000-trust';
import { ServingRole1764600000000 } from './migrations/1764600000000-serving-role';
import { CoverageLines1764700000000 } from './migrations/1764700000000-coverage-lines';
import { CoverageRunSpeed1764800000000 } from './migrations/1764800000000-coverage-run-speed';
import { CoverageTextResults1764900000000 } from './migrations/1764900000000-coverage-text-results';
import { LayerHardDeletes1765000000000 } from './migrations/1765000000000-layer-hard-deletes';

export { SERVING_ROLE } from './migrations/1764600000000-serving-role';
export { COVERAGE_ID_BASE, MAX_SPOTS_PER_LINE } from './migrations/1764700000000-coverage-lines';

export const MIGRATIONS = [Initial1763800000000, ImportMappings1764100000000, Countermeasures1764300000000, AnalysisPartial1764400000000, AnalysisRunSnapshot1764400000001, Trust1764500000000, ServingRole1764600000000, CoverageLines1764700000000, CoverageRunSpeed1764800000000, CoverageTextResults1764900000000, LayerHardDeletes1765000000000];

/** Storage SRID (lon/lat, RFC 7946 order). */
export const SRID = 4326;
/** Web Mercator, only for tiles. */
export const TILE_SRID = 3857;

export interface DataSourceOptions {
  databaseUrl: string;
  applicationName?: string;
  poolSize?: number;
}

/** The one DataSource factory shared by the CLI, the API, the workers and the tests. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.databaseUrl,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migration',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    applicationName: options.applicationName ?? 'mimamori',
    // PostgreSQL's JIT compiles a query when its estimated cost is high, which spatial joins'
    // estimates often are: seen adding 0.4 s to a query that runs in 10 ms. Off for every connection.
    extra: { max: options.poolSize ?? 10, options: '-c jit=off' },
  });
}

/**
 * Initialise with a pool 'error' listener, so that a PostgreSQL restart surfaces as failed
 * queries instead of crashing the process.
 */
export async function initDataSource(dataSource: DataSource): Promise<DataSource> {
  await dataSource.initialize();
  poolOf(dataSource)?.on('error', (err) => {
    console.error(`[db] idle client error: ${err.message}`);
  });
  return dataSource;
}

/**
 * A statement a process runs again and again on its critical path, as a named prepared statement:
 * each pooled connection parses it once (and PostgreSQL may keep its plan), where `query` parses
 * and plans it anew each time. For statements whose text never changes; outside transactions.
 */
export async function preparedQuery<T>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<T[]> {
  const pool = poolOf(dataSource);
  if (!pool) throw new Error('the data source is not initialised');
  const result = await pool.query({ name, text, values });
  return result.rows as T[];
}

/** The pg pool under a DataSource (TypeORM's driver keeps it as `master`; none before it is initialised). */
interface Pool {
  on(event: 'error', listener: (err: Error) => void): void;
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

function poolOf(dataSource: DataSource): Pool | undefined {
  return (dataSource.driver as unknown as { master?: Pool }).master;
}

export async function migrate(dataSource: DataSource): Promise<string[]> {
  const done = await dataSource.runMigrations({ transaction: 'each' });
  return done.map((m) => m.name);
}
