import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';

/** A process of the built platform (`node <package>/dist/main.js`) that a fault test may kill. */
export interface FaultProcess {
  child: ChildProcess;
  /** Everything it printed so far (for assertions and failure messages). */
  output(): string;
  /** Resolves with its exit code (null when a signal ended it) and signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  alive(): boolean;
}

const ROOT = join(__dirname, '../../..');

export function spawnPlatform(pkg: 'workers' | 'api', env: Record<string, string>): FaultProcess {
  const child = spawn(process.execPath, [join(ROOT, pkg, 'dist/main.js')], {
    env: { ...process.env, REQUIRE_DURABLE_REDIS: 'false', MIMAMORI_DEMO: 'true', ANONYMOUS_READ: 'false', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => output, exited, alive: () => child.exitCode === null && child.signalCode === null };
}

/** A worker process, resolved once it takes jobs. */
export async function spawnWorkerProcess(env: Record<string, string>): Promise<FaultProcess> {
  const worker = spawnPlatform('workers', env);
  await waitFor('the worker to be ready', 60_000, async () => {
    if (!worker.alive()) throw new Error(`worker exited before it was ready:\n${worker.output()}`);
    return /worker ready/.test(worker.output());
  });
  return worker;
}

/** Its exit, or 'still running' when it has not exited within `ms`. */
export function exitWithin(p: FaultProcess, ms: number): Promise<{ code: number | null; signal: NodeJS.Signals | null } | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'still running'>((resolve) => (timer = setTimeout(() => resolve('still running'), ms)));
  return Promise.race([p.exited, late]).finally(() => clearTimeout(timer));
}

/** Ends a process if it still runs (test clean-up). */
export async function killQuietly(p: FaultProcess | undefined): Promise<void> {
  if (!p || !p.alive()) return;
  p.child.kill('SIGKILL');
  await p.exited;
}

export async function waitFor(what: string, timeoutMs: number, probe: () => Promise<boolean>, everyMs = 100): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

export interface RunState {
  status: string;
  progress: number;
  attempts: number;
  error: string | null;
}

export async function runState(db: DataSource, runId: string): Promise<RunState> {
  const [row] = await db.query(`SELECT status, progress, attempts, error FROM analysis_run WHERE id = $1`, [runId]);
  return row;
}

export async function waitForEnd(db: DataSource, runId: string, timeoutMs: number): Promise<RunState> {
  let state: RunState | undefined;
  await waitFor(`run ${runId} to end`, timeoutMs, async () => {
    state = await runState(db, runId);
    return ['succeeded', 'failed', 'cancelled'].includes(state.status);
  });
  return state!;
}
