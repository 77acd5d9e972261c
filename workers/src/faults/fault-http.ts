import type { FaultProcess } from './fault-processes';
import { waitFor } from './fault-processes';

/** HTTP calls of fault tests to an API process on 127.0.0.1 (global fetch, bounded by a timeout). */
export interface HttpAnswer {
  status: number;
  body: Record<string, unknown>;
  seconds: number;
}

async function call(port: number, path: string, init: RequestInit = {}, timeoutMs = 10_000): Promise<HttpAnswer> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { text };
  }
  return { status: res.status, body, seconds: (Date.now() - started) / 1000 };
}

/** GET /api/health; it must answer within 5 s whatever is down. */
export function health(port: number): Promise<HttpAnswer> {
  return call(port, '/api/health', {}, 5000);
}

export async function waitForApi(api: FaultProcess, port: number): Promise<void> {
  await waitFor('the API to answer', 60_000, async () => {
    if (!api.alive()) throw new Error(`the API exited:\n${api.output()}`);
    return health(port).then(
      (r) => r.status === 200,
      () => false,
    );
  });
}

export async function login(port: number, username: string, password: string): Promise<string> {
  const res = await call(port, '/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login as ${username}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.accessToken as string;
}

/** POST /api/layers/{layer}/import with one file in the multipart field `file`. */
export function importFile(port: number, token: string, layer: string, file: { name: string; content: Buffer; type: string }, timeoutMs = 120_000): Promise<HttpAnswer> {
  const form = new FormData();
  form.append('file', new Blob([file.content], { type: file.type }), file.name);
  return call(port, `/api/layers/${layer}/import`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form }, timeoutMs);
}

export function postJson(port: number, token: string, path: string, payload: unknown): Promise<HttpAnswer> {
  return call(port, path, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(payload) });
}
