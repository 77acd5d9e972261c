import { Agent, request } from 'node:http';

/** Open-loop HTTP load on 127.0.0.1: requests leave at a fixed rate whether or not earlier ones answered. */
export interface LoadOptions {
  port: number;
  /** Requests per second. */
  rate: number;
  seconds: number;
  /** Path of the i-th request. */
  path: (i: number) => string;
  headers?: Record<string, string>;
  /** A request still unanswered after this long counts as an error. */
  timeoutMs?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Latencies in seconds, sorted, each from the moment the request was due (queueing included). */
  latencies: number[];
  bytes: number;
  /** What went wrong, by HTTP status or error message, and how often. */
  failures: Record<string, number>;
  /** Requests answered per second over the run. */
  achievedRate: number;
}

/**
 * Latency is measured from when a request was due, not from when it left: a server that falls
 * behind shows it in the percentiles instead of slowing the client down (no coordinated omission).
 */
export async function openLoop(o: LoadOptions): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: 128 });
  const total = Math.round(o.rate * o.seconds);
  const latencies: number[] = [];
  let errors = 0;
  let bytes = 0;
  const failures: Record<string, number> = {};
  const failed = (why: string) => {
    errors++;
    failures[why] = (failures[why] ?? 0) + 1;
  };
  const start = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - start) / 1e9;
  const inFlight: Promise<void>[] = [];
  const one = (i: number, due: number) =>
    new Promise<void>((resolve) => {
      const fail = (err: Error) => {
        failed(err.message);
        resolve();
      };
      const req = request({ host: '127.0.0.1', port: o.port, path: o.path(i), agent, headers: o.headers, timeout: o.timeoutMs ?? 5000 }, (res) => {
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () => {
          const ok = res.statusCode !== undefined && res.statusCode < 400;
          if (ok) latencies.push(elapsed() - due);
          else failed(`HTTP ${res.statusCode}`);
          resolve();
        });
        res.on('error', fail);
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', fail);
      req.end();
    });
  for (let i = 0; i < total; ) {
    const now = elapsed();
    for (; i < total && i / o.rate <= now; i++) inFlight.push(one(i, i / o.rate));
    await new Promise((r) => setTimeout(r, 1));
  }
  await Promise.all(inFlight);
  const seconds = elapsed();
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { requests: total, errors, latencies, bytes, failures, achievedRate: total / seconds };
}

/** The q-quantile of sorted values (q in 0..1). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Signs in through the API; the bearer token of the user. */
export function login(port: number, username: string, password: string): Promise<string> {
  const body = JSON.stringify({ username, password });
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path: '/api/auth/login', method: 'POST', headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => {
          if (res.statusCode !== 200 && res.statusCode !== 201) return reject(new Error(`login as ${username}: HTTP ${res.statusCode} ${text}`));
          resolve((JSON.parse(text) as { accessToken: string }).accessToken);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

