import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { layerCount, mapIdle, signIn, signOut, refusedRequests, watch, type NetworkLog } from './browser';
import { SCREENSHOTS, startEnvironment, type E2eEnvironment } from './harness';

/** Rendered features of the analysis results layer, by `kind`. */
async function renderedResults(page: Page): Promise<Record<string, number>> {
  await mapIdle(page);
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const f of window.__mimamori!.map.queryRenderedFeatures()) if (f.source === 'analysis') counts[f.properties.kind] = (counts[f.properties.kind] ?? 0) + 1;
    return counts;
  });
}

/** Starts an analysis from the panel and waits until its run is listed as done; returns the run id. */
async function runAnalysis(page: Page, type: string, fill?: () => Promise<void>): Promise<{ id: string; progress: number[] }> {
  await page.getByLabel('分析の種類').selectOption(type);
  await fill?.();
  const started = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/analyses');
  await page.getByRole('button', { name: '分析を実行' }).click();
  const response = await started;
  expect(response.status()).toBe(202);
  const { id } = (await response.json()) as { id: string };
  const item = page.locator(`[data-run-id="${id}"]`);
  // Every progress value the bar showed, until the run is done.
  const progress: number[] = [];
  const deadline = Date.now() + 60000;
  for (;;) {
    const done = (await item.getAttribute('data-status').catch(() => null)) === 'succeeded';
    const value = Number(await item.getByRole('progressbar').getAttribute('aria-valuenow').catch(() => NaN));
    if (Number.isFinite(value) && progress.at(-1) !== value) progress.push(value);
    if (done) break;
    if (Date.now() > deadline) throw new Error(`run ${id} did not succeed within 60 s; progress ${progress.join(' → ')}`);
    await page.waitForTimeout(50);
  }
  return { id, progress };
}

describe('analyses in the browser: parameters, live progress, results on the map (built platform with a worker)', () => {
  let env: E2eEnvironment;
  let page: Page;
  let network: NetworkLog;
  let coverageRun: string;

  beforeAll(async () => {
    env = await startEnvironment();
    page = await env.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', acceptDownloads: true });
    page.setDefaultTimeout(20000);
    network = watch(page, env.baseUrl);
    await page.goto(`${env.baseUrl}/#15/35.7035/139.7125`);
    await signIn(page, 'planner');
  }, 240000);

  afterAll(async () => {
    await env?.close();
  });

  it('runs a coverage analysis: the progress bar reaches 100 % and blind and dark spots are drawn from the result tiles', async () => {
    const { id, progress } = await runAnalysis(page, 'coverage');
    coverageRun = id;
    expect(progress.at(-1)).toBe(100);
    expect(await page.locator(`[data-run-id="${id}"] .run-status-text`).textContent()).toBe('完了 · 100%');

    const summary = page.getByTestId('run-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/\d+(\.\d)?%\s*カメラか照明で見守られている割合/);
    await page.waitForFunction(() => window.__mimamori!.map.getSource('analysis') !== undefined);
    const results = await renderedResults(page);
    expect(results.line).toBeGreaterThan(0);
    expect(results['blind-spot']).toBeGreaterThan(0);
    expect(results['dark-spot']).toBeGreaterThan(0);
    const colours = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      return [map.getPaintProperty('analysis-blind-spot', 'line-color'), map.getPaintProperty('analysis-dark-spot', 'line-color')];
    });
    expect(colours).toEqual(['#e03131', '#1c2e6b']);
    expect(new URL(page.url()).searchParams.get('run')).toBe(id);
    await page.screenshot({ path: join(SCREENSHOTS, 'analysis-coverage-ja.png') });
  });

  it('keeps the shown run and the visible layers in the address, and restores both on reload', async () => {
    await page.getByRole('checkbox', { name: '道路' }).uncheck();
    await page.waitForFunction(() => new URL(location.href).searchParams.get('layers') !== null);
    const layers = new URL(page.url()).searchParams.get('layers')!.split(',');
    expect(layers).toContain('cameras');
    expect(layers).not.toContain('roads');

    await page.reload();
    await page.getByTestId('run-summary').waitFor();
    expect(await page.getByRole('checkbox', { name: '道路' }).isChecked()).toBe(false);
    expect(new URL(page.url()).searchParams.get('run')).toBe(coverageRun);
    const results = await renderedResults(page);
    expect(results.line).toBeGreaterThan(0);
    const rendered = await page.evaluate(() => window.__mimamori!.map.queryRenderedFeatures().filter((f) => f.source === 'roads').length);
    expect(rendered).toBe(0);
    await page.getByRole('checkbox', { name: '道路' }).check();
  });

  it('proposes camera sites with a coverage curve, and adds one as a planned camera with its bearing', async () => {
    const { id } = await runAnalysis(page, 'siting', async () => {
      await page.getByLabel('新しいカメラの台数').fill('3');
    });
    await page.locator(`[data-run-id="${id}"]`).getByRole('button', { name: '表示中' }).waitFor();
    const chart = page.getByRole('img', { name: '台数ごとの見守りの広がり' });
    await chart.waitFor();
    expect(await chart.locator('circle').count()).toBe(3);
    const sites = page.getByRole('list', { name: '提案された設置場所' }).getByRole('listitem');
    expect(await sites.count()).toBe(3);
    await page.getByRole('button', { name: '結果の範囲を表示' }).click();
    const results = await renderedResults(page);
    expect(results.site).toBeGreaterThan(0);
    expect(results.sector).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'analysis-siting-ja.png') });

    const features = (await page.evaluate((run) => fetch(`/api/analyses/${run}/features`, { headers: { Authorization: `Bearer ${JSON.parse(sessionStorage.getItem('mimamori.session')!).accessToken}` } }).then((r) => r.json()), id)) as {
      features: { properties: { kind: string; rank: number; bearingDeg: number; hfovDeg: number; rangeM: number } }[];
    };
    const first = features.features.find((f) => f.properties.kind === 'site' && f.properties.rank === 1)!.properties;
    const before = await layerCount(page, 'cameras');
    await sites.first().getByRole('button', { name: 'この場所を計画中のカメラとして登録' }).click();
    const editor = page.locator('#feature-panel');
    await editor.getByRole('heading', { name: '新しい防犯カメラ' }).waitFor();
    expect(await editor.getByLabel('状態').inputValue()).toBe('planned');
    expect(Number(await editor.getByLabel('向き (°)').inputValue())).toBe(first.bearingDeg);
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/layers/cameras/features'));
    await editor.getByRole('button', { name: '保存' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const body = (await response.json()) as { properties: Record<string, unknown> };
    expect(body.properties).toMatchObject({ status: 'planned', bearing_deg: first.bearingDeg, hfov_deg: first.hfovDeg, range_m: first.rangeM });
    await page.locator('[data-layer-id="cameras"] .layer-meta').filter({ hasText: `${before + 1}件` }).waitFor();
  });

  it('checks the beats: a workload chart and a table per beat, exported as CSV for Excel', async () => {
    // Beat workloads and patrols are police information: a police officer runs these.
    await signOut(page);
    await signIn(page, 'police');
    await runAnalysis(page, 'beat-check');
    const table = page.getByRole('table', { name: '受持区ごとの結果' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(3);
    expect(await page.getByRole('img', { name: '受持区ごとの年間必要訪問数' }).locator('rect').count()).toBe(3);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '表を CSV で書き出す' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^beat-check-.*beat\.csv$/);
    const csv = readFileSync((await file.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.trim().split(/\r?\n/).length).toBe(4);
    expect(csv).toContain('requiredVisitsPerYear');
    expect(refusedRequests(network)).toEqual([]);
    expect(network.errors).toEqual([]);
  });

  it('refuses bad parameters in the form before anything is sent', async () => {
    await page.getByLabel('分析の種類').selectOption('patrol-coverage');
    await page.getByLabel('開始日').fill('2026-10-31');
    await page.getByLabel('終了日').fill('2026-10-01');
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await page.getByRole('button', { name: '分析を実行' }).click();
    await page.getByText('終了日は開始日より後にしてください。').waitFor();
    expect(posts).toEqual([]);
  });
});
