import type { Page } from 'playwright-core';

export const PASSWORD = 'mimamori-demo';
export const IDLE_TIMEOUT_MS = 40000;

export interface NetworkLog {
  foreign: string[];
  failed: string[];
  errors: string[];
}

/** Records requests to other origins, failed or refused requests, and page errors. */
export function watch(page: Page, origin: string): NetworkLog {
  const log: NetworkLog = { foreign: [], failed: [], errors: [] };
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) log.foreign.push(request.url());
  });
  page.on('requestfailed', (request) => log.failed.push(`${request.failure()?.errorText} ${request.url()}`));
  page.on('response', (response) => {
    if (response.status() >= 400) log.failed.push(`${response.status()} ${response.url()}`);
  });
  page.on('pageerror', (error) => log.errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') log.errors.push(message.text());
  });
  return log;
}

/** Failed requests other than tiles MapLibre cancelled because the view or the source changed. */
export function refusedRequests(log: NetworkLog): string[] {
  return log.failed.filter((entry) => !(entry.startsWith('net::ERR_ABORTED') && /\/api\/tiles\/.*\.mvt$/.test(entry)));
}

/** Waits until the map has loaded and drawn everything it is waiting for. */
export async function mapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => (window.__mimamori?.map.getStyle().layers.length ?? 0) > 1);
  const idle = await page.evaluate(async (timeoutMs) => {
    const { controller } = window.__mimamori!;
    return Promise.race([controller.whenIdle().then(() => true), new Promise<false>((r) => setTimeout(() => r(false), timeoutMs))]);
  }, IDLE_TIMEOUT_MS);
  if (!idle) {
    const loading = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      return Object.keys(map.getStyle().sources).filter((id) => !map.isSourceLoaded(id));
    });
    throw new Error(`map not idle after ${IDLE_TIMEOUT_MS} ms; sources still loading: ${loading.join(', ') || 'none'}`);
  }
}

/** Once the map is idle, the number of rendered features per source. */
export async function renderedFeatures(page: Page): Promise<Record<string, number>> {
  await mapIdle(page);
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const feature of window.__mimamori!.map.queryRenderedFeatures()) counts[feature.source] = (counts[feature.source] ?? 0) + 1;
    return counts;
  });
}

export async function signIn(page: Page, username: string, password = PASSWORD): Promise<void> {
  const layersReloaded = page.waitForResponse(
    async (res) => new URL(res.url()).pathname === '/api/layers' && (await res.request().allHeaders()).authorization !== undefined,
  );
  await page.getByLabel('ユーザー名').fill(username);
  await page.getByLabel('パスワード').fill(password);
  await page.getByRole('button', { name: 'ログイン' }).click();
  await page.getByTestId('signed-in-user').filter({ hasText: username }).waitFor();
  await layersReloaded;
}

export async function signOut(page: Page): Promise<void> {
  const layersReloaded = page.waitForResponse((res) => new URL(res.url()).pathname === '/api/layers');
  await page.getByRole('button', { name: 'ログアウト' }).click();
  await layersReloaded;
  await page.getByLabel('ユーザー名').waitFor();
}

/** The feature count a layer's entry in the layer panel shows ("1,224件" → 1224). */
export async function layerCount(page: Page, layerId: string): Promise<number> {
  const text = (await page.locator(`[data-layer-id="${layerId}"] .layer-meta`).textContent()) ?? '';
  return Number(/^([\d,]+)/.exec(text)?.[1].replace(/,/g, '') ?? NaN);
}

/** Where a lon/lat is on the page (for mouse actions on the map). */
export async function pagePoint(page: Page, lngLat: readonly [number, number]): Promise<{ x: number; y: number }> {
  const box = await page.locator('#map canvas').boundingBox();
  const { x, y } = await page.evaluate((at) => window.__mimamori!.map.project(at as [number, number]), lngLat);
  return { x: box!.x + x, y: box!.y + y };
}

/** Signs in through the API (not the page), for arranging data behind the page's back. */
export async function apiToken(baseUrl: string, username: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password: PASSWORD }) });
  if (!res.ok) throw new Error(`login as ${username}: ${res.status}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}
