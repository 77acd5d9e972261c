import { ChildProcess, spawn } from 'node:child_process';
import { request, Agent } from 'node:http';
import { join } from 'node:path';

/** A real API process (`node api/dist/main.js`) on 127.0.0.1 for HTTP benchmarks. */
export interface ApiProcess {
  child: ChildProcess;
  port: number;
  stop(): Promise<void>;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** GET on 127.0.0.1 (optionally with headers): status, body length and seconds taken. */
export function get(port: number, path: string, headers: Record<string, string> = {}): Promise<{ status: number; bytes: number; seconds: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (chunk: Buffer) => (bytes += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

export async function spawnApi(env: Record<string, string>, port: number): Promise<ApiProcess> {
  const child = spawn(process.execPath, [join(__dirname, '../../../api/dist/main.js')], {
    env: { ...process.env, MIMAMORI_DEMO: 'true', ANONYMOUS_READ: 'true', REQUIRE_DURABLE_REDIS: 'false', LOG_LEVEL: 'warn', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${output}`);
    const ok = await get(port, '/api/health').then((r) => r.status < 500, () => false);
    if (ok) break;
    if (i > 300) throw new Error(`api did not answer on port ${port}:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Runs `tasks` with at most `concurrency` in flight. */
export async function bounded<T>(items: readonly T[], concurrency: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await task(items[next++]);
    }),
  );
}
