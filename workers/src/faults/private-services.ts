import { ChildProcess, execFile, spawn } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/*
 * Private Redis and PostgreSQL instances that fault tests may kill and restart. The shared
 * servers on 6379 and 5432 are never touched: every instance here has its own port and directory.
 */

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** True once something on the port answers a Redis PING. */
function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => done(chunk.toString().startsWith('+PONG')));
  });
}

export interface PrivateRedis {
  port: number;
  url: string;
  /** SIGKILL: no shutdown save, only what the append-only file already holds survives. */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory (it reloads the append-only file). */
  start(): Promise<void>;
  running(): boolean;
  /** Kills it and removes its directory. */
  destroy(): Promise<void>;
}

/** redis-server with AOF (fsync on every write) and noeviction, as production requires, unless `durable` is false. */
export async function startPrivateRedis(durable = true): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mimamori-faults-redis-'));
  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', ''];
    const persistence = durable ? ['--appendonly', 'yes', '--appendfsync', 'always', '--maxmemory-policy', 'noeviction'] : ['--appendonly', 'no', '--maxmemory-policy', 'allkeys-lru'];
    child = spawn('redis-server', [...args, ...persistence], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    child.stderr!.on('data', (c: Buffer) => (log = (log + c.toString()).slice(-4000)));
    const spawned = child;
    const failed = new Promise<never>((_, reject) => {
      spawned.once('error', (err) => reject(new Error(`redis-server could not be started: ${err.message}`)));
      spawned.once('exit', (code) => reject(new Error(`redis-server exited with ${code}:\n${log}`)));
    });
    failed.catch(() => undefined);
    for (const until = Date.now() + 10_000; !(await redisAnswers(port)); ) {
      if (Date.now() > until) throw new Error(`redis-server did not answer on port ${port}:\n${log}`);
      await Promise.race([sleep(50), failed]);
    }
  };
  const kill = () =>
    new Promise<void>((resolve) => {
      const c = child;
      if (!c || c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}/0`,
    kill,
    start,
    running: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    destroy: async () => {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface PrivatePostgres {
  port: number;
  /** URL of a database; `database` defaults to postgres. */
  url(database?: string): string;
  /** Immediate shutdown: like a crash, every connection is cut. */
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

async function asPostgres(command: string, args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('runuser', ['-u', 'postgres', '--', join(PG_BIN, command), ...args], { timeout: 60_000 });
    return stdout + stderr;
  } catch (err) {
    const e = err as Error & { stdout?: string; stderr?: string };
    throw new Error(`${command} failed: ${e.message}\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

/** A throw-away PostgreSQL 15 cluster (trust auth) on its own port, run as the postgres user. */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'mimamori-faults-pg-'));
  const owner = await uidOf('postgres');
  chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '--encoding=UTF8', '--locale=C.UTF-8']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-o', options, '-w', '-t', '30', 'start']);
  };
  const stop = async () => {
    await asPostgres('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
  };
  await start();
  return {
    port,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
    stop,
    start,
    destroy: async () => {
      await stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function uidOf(user: string): Promise<{ uid: number; gid: number }> {
  const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}
