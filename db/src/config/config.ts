/**
 * The one place that reads the environment. Every process (API, workers, CLI) calls
 * `loadConfig()` once at boot and passes the typed result on.
 */
export interface MimamoriConfig {
  port: number;
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  demo: boolean;
  anonymousRead: boolean;
  jwtSecret: string | undefined;
  jwtTtlSeconds: number;
  metricSrid: number;
  webDist: string | undefined;
  logLevel: 'error' | 'warn' | 'log' | 'debug' | 'verbose';
  workerConcurrency: number;
  workerLockSeconds: number;
  maxUploadBytes: number;
  requireDurableRedis: boolean;
  coverageSplitMinLines: number;
  coverageCacheMaxRows: number;
}

type Parser<T> = (raw: string | undefined, env: NodeJS.ProcessEnv) => T;

interface ConfigKey<T> {
  env: string;
  description: string;
  sensitive?: boolean;
  parse: Parser<T>;
}

export class ConfigError extends Error {}

const DEMO_JWT_SECRET = 'mimamori-demo-jwt-secret-not-for-production';

function bool(fallback: (env: NodeJS.ProcessEnv) => boolean): Parser<boolean> {
  return (raw, env) => {
    if (raw === undefined || raw === '') return fallback(env);
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    throw new ConfigError(`expected true/false, got "${raw}"`);
  };
}

function int(fallback: number, min: number, max: number): Parser<number> {
  return (raw) => {
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`expected an integer in [${min}, ${max}], got "${raw}"`);
    }
    return n;
  };
}

function url(fallback: string, protocols: string[]): Parser<string> {
  return (raw) => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError(`not a URL: "${value}"`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(`expected ${protocols.join(' or ')} URL, got "${parsed.protocol}"`);
    }
    return value;
  };
}

const isDemo = (env: NodeJS.ProcessEnv) => /^(1|true|yes|on)$/i.test(env.MIMAMORI_DEMO ?? '');

export const CONFIG_KEYS: { [K in keyof MimamoriConfig]: ConfigKey<MimamoriConfig[K]> } = {
  port: { env: 'PORT', description: 'HTTP port of the API (which also serves the web app)', parse: int(3000, 1, 65535) },
  databaseUrl: {
    env: 'DATABASE_URL',
    description: 'PostgreSQL + PostGIS connection (owner of the schema)',
    sensitive: true,
    parse: url('postgres://mimamori:mimamori@127.0.0.1:5432/mimamori', ['postgres:', 'postgresql:']),
  },
  redisUrl: {
    env: 'REDIS_URL',
    description: 'Redis for the job queues; the database number separates instances',
    sensitive: true,
    parse: url('redis://127.0.0.1:6379/0', ['redis:', 'rediss:']),
  },
  queuePrefix: {
    env: 'QUEUE_PREFIX',
    description: 'Key prefix of the BullMQ queues (lets several instances share one Redis database)',
    parse: (raw) => raw || 'mimamori',
  },
  demo: {
    env: 'MIMAMORI_DEMO',
    description: 'Demo mode: seeds the demo users (password mimamori-demo) and demo data; `npm start` sets it',
    parse: bool(() => false),
  },
  anonymousRead: {
    env: 'ANONYMOUS_READ',
    description: 'Allow reads without a token (as a viewer); defaults to on in demo mode only',
    parse: bool(isDemo),
  },
  jwtSecret: {
    env: 'JWT_SECRET',
    description: 'HMAC secret for access tokens (the API requires it outside demo mode, ≥ 32 characters)',
    sensitive: true,
    parse: (raw, env) => {
      if (raw) {
        if (raw.length < 32) throw new ConfigError('must be at least 32 characters');
        return raw;
      }
      return isDemo(env) || env.NODE_ENV === 'test' ? DEMO_JWT_SECRET : undefined;
    },
  },
  jwtTtlSeconds: { env: 'JWT_TTL_SECONDS', description: 'Access-token lifetime', parse: int(8 * 3600, 60, 7 * 24 * 3600) },
  metricSrid: {
    env: 'METRIC_SRID',
    description: 'JGD2011 plane-rectangular zone used for metric computation (6677 = zone IX, Tokyo)',
    parse: int(6677, 6669, 6687),
  },
  webDist: {
    env: 'WEB_DIST',
    description: 'Directory of the built web app served at / (defaults to web/dist of this checkout)',
    parse: (raw) => raw || undefined,
  },
  logLevel: {
    env: 'LOG_LEVEL',
    description: 'error | warn | log | debug | verbose',
    parse: (raw) => {
      const value = raw || 'log';
      if (!['error', 'warn', 'log', 'debug', 'verbose'].includes(value)) throw new ConfigError(`unknown level "${value}"`);
      return value as MimamoriConfig['logLevel'];
    },
  },
  workerConcurrency: { env: 'WORKER_CONCURRENCY', description: 'Jobs one worker process runs at once', parse: int(1, 1, 64) },
  workerLockSeconds: {
    env: 'WORKER_LOCK_SECONDS',
    description: 'Lifetime of a job lock between renewals: the jobs of a crashed worker are taken over by others after about this long',
    parse: int(30, 2, 600),
  },
  requireDurableRedis: {
    env: 'REQUIRE_DURABLE_REDIS',
    description: 'Refuse to start unless Redis persists (AOF) and never evicts (noeviction); on by default outside demo mode',
    parse: bool((env) => !isDemo(env) && env.NODE_ENV !== 'test'),
  },
  coverageSplitMinLines: {
    env: 'COVERAGE_SPLIT_MIN_LINES',
    description: 'Coverage runs over at least this many lines are split by tile into jobs any worker can take (scale-out across machines)',
    parse: int(20000, 1, 100_000_000),
  },
  coverageCacheMaxRows: {
    env: 'COVERAGE_CACHE_MAX_ROWS',
    description:
      'Workers keep coverage inputs (target lines, cameras, lights, buildings) of layers up to this many rows in memory between runs, projected and indexed, until the layer changes; 0 turns this off',
    parse: int(300_000, 0, 100_000_000),
  },
  maxUploadBytes: {
    env: 'MAX_UPLOAD_BYTES',
    description: 'Largest accepted request body or upload',
    parse: int(200 * 1024 * 1024, 1024, 2 * 1024 * 1024 * 1024),
  },
};

export function loadConfig(env: NodeJS.ProcessEnv = process.env): MimamoriConfig {
  const errors: string[] = [];
  const out: Partial<Record<keyof MimamoriConfig, unknown>> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [keyof MimamoriConfig, ConfigKey<unknown>][]) {
    try {
      out[key] = spec.parse(env[spec.env], env);
    } catch (err) {
      errors.push(`${spec.env}: ${(err as Error).message}`);
    }
  }
  if (errors.length > 0) throw new ConfigError(`Invalid configuration:\n  ${errors.join('\n  ')}`);
  return out as MimamoriConfig;
}

/** The configuration with secrets masked, for start-up logs. */
export function describeConfig(config: MimamoriConfig): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, spec] of Object.entries(CONFIG_KEYS) as [keyof MimamoriConfig, ConfigKey<unknown>][]) {
    const value = config[key];
    out[spec.env] = spec.sensitive ? maskSecret(String(value)) : String(value);
  }
  return out;
}

function maskSecret(value: string): string {
  try {
    const u = new URL(value);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '***';
  }
}
