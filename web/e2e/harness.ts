import { createTestDatabase, type TestDatabase } from '@mimamori/db/testing';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';

const REPO = resolve(__dirname, '../..');
const WEB_DIST = join(REPO, 'web/dist');
const API_MAIN = join(REPO, 'api/dist/main.js');
const WORKER_MAIN = join(REPO, 'workers/dist/main.js');
const DEMO_CLI = join(REPO, 'db/dist/cli/demo.js');
export const SCREENSHOTS = join(REPO, 'web/artifacts/screenshots');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
const HEALTH_TIMEOUT_MS = 60000;
const LOG_TAIL_CHARS = 4000;

export interface E2eEnvironment {
  /** Where the built API serves the built web app, e.g. http://127.0.0.1:41234 */
  readonly baseUrl: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

function requireBuilt(path: string, command: string): void {
  if (!existsSync(path)) throw new Error(`${path} is missing: run \`${command}\` first`);
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

/** Migrates and loads the demo through the same CLI a user runs (`npm run demo:load`). */
async function loadDemo(databaseUrl: string): Promise<void> {
  const { stdout } = await promisify(execFile)(process.execPath, [DEMO_CLI], {
    cwd: REPO,
    env: { ...process.env, DATABASE_URL: databaseUrl },
    timeout: 180000,
    maxBuffer: 16 * 1024 * 1024,
  });
  console.log(`[e2e] demo loaded:\n${stdout.trim()}`);
}

/** A built platform process (the API or a worker) with the tail of its log for error messages. */
class PlatformProcess {
  private log = '';
  private exited: string | null = null;
  private readonly child: ChildProcess;

  constructor(
    private readonly name: string,
    script: string,
    env: NodeJS.ProcessEnv,
  ) {
    this.child = spawn(process.execPath, [script], { cwd: REPO, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => (this.log = (this.log + chunk.toString()).slice(-LOG_TAIL_CHARS));
    this.child.stdout?.on('data', keep);
    this.child.stderr?.on('data', keep);
    this.child.once('exit', (code, signal) => (this.exited = `exited with ${signal ?? code}`));
  }

  async waitForHealth(baseUrl: string): Promise<void> {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (Date.now() < deadline) {
      if (this.exited) throw new Error(`the ${this.name} ${this.exited}:\n${this.log}`);
      try {
        const res = await fetch(`${baseUrl}/api/health`);
        if (res.ok) return;
      } catch {
        // Not listening yet.
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`the ${this.name} did not answer /api/health within ${HEALTH_TIMEOUT_MS} ms:\n${this.log}`);
  }

  /** Waits until the log says `text` (e.g. the worker's "ready" line). */
  async waitForLog(text: string): Promise<void> {
    const deadline = Date.now() + HEALTH_TIMEOUT_MS;
    while (!this.log.includes(text)) {
      if (this.exited) throw new Error(`the ${this.name} ${this.exited}:\n${this.log}`);
      if (Date.now() > deadline) throw new Error(`the ${this.name} did not log "${text}" within ${HEALTH_TIMEOUT_MS} ms:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10000);
    await exit;
    clearTimeout(timer);
  }
}

/** Removes the keys the API's queues left under their per-run prefix. */
async function clearQueuePrefix(prefix: string): Promise<void> {
  const run = promisify(execFile);
  try {
    const { stdout } = await run('redis-cli', ['-u', 'redis://127.0.0.1:6379/0', '--scan', '--pattern', `${prefix}:*`]);
    const keys = stdout.split('\n').filter(Boolean);
    if (keys.length) await run('redis-cli', ['-u', 'redis://127.0.0.1:6379/0', 'DEL', ...keys]);
  } catch (err) {
    console.warn(`[e2e] could not clear Redis keys ${prefix}:* (${(err as Error).message})`);
  }
}

/**
 * A fresh database with the demo loaded, the built API serving the built app on a free port, a
 * built worker running its analyses, and Debian's Chromium (software WebGL). `close()` undoes all of it.
 */
export async function startEnvironment(): Promise<E2eEnvironment> {
  requireBuilt(join(WEB_DIST, 'index.html'), 'cd web && npx vite build');
  requireBuilt(API_MAIN, 'npx tsc -b api/tsconfig.lib.json');
  requireBuilt(WORKER_MAIN, 'npx tsc -b api/tsconfig.lib.json');
  requireBuilt(DEMO_CLI, 'npx tsc -b api/tsconfig.lib.json');
  mkdirSync(SCREENSHOTS, { recursive: true });

  const cleanups: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err: Error) => console.warn(`[e2e] teardown: ${err.message}`));
  };
  try {
    const database: TestDatabase = await createTestDatabase();
    cleanups.push(() => database.drop());
    await loadDemo(database.url);

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const queuePrefix = `mimamori-e2e-${randomBytes(4).toString('hex')}`;
    const env = {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: database.url,
      REDIS_URL: 'redis://127.0.0.1:6379/0',
      QUEUE_PREFIX: queuePrefix,
      MIMAMORI_DEMO: 'true',
      WEB_DIST,
    };
    cleanups.push(() => clearQueuePrefix(queuePrefix));
    // One worker on the same database and queue prefix, so analyses started in the browser run.
    const worker = new PlatformProcess('worker', WORKER_MAIN, env);
    cleanups.push(() => worker.stop());
    const api = new PlatformProcess('API', API_MAIN, env);
    cleanups.push(() => api.stop());
    await Promise.all([api.waitForHealth(baseUrl), worker.waitForLog('worker ready')]);

    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    cleanups.push(() => browser.close());
    console.log(`[e2e] Chromium ${browser.version()}, app at ${baseUrl}`);
    return { baseUrl, browser, close };
  } catch (err) {
    await close();
    throw err;
  }
}
