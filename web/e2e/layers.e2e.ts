import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { layerCount, mapIdle, signIn, refusedRequests, watch, type NetworkLog } from './browser';
import { SCREENSHOTS, startEnvironment, type E2eEnvironment } from './harness';

function camera(lon: number, lat: number, properties: Record<string, unknown>) {
  return { type: 'Feature', geometry: { type: 'Point', coordinates: [lon, lat] }, properties: { bearing_deg: 90, hfov_deg: 60, range_m: 25, status: 'planned', ...properties } };
}

/** Three cameras for an import; the second has a field of view of 0°, which no camera has. */
const IMPORT_FILE = JSON.stringify({
  type: 'FeatureCollection',
  features: [
    camera(139.7101, 35.7013, { name: '取込カメラ 1' }),
    camera(139.7105, 35.7015, { name: '取込カメラ 2', hfov_deg: 0 }),
    camera(139.7109, 35.7017, { name: '取込カメラ 3' }),
  ],
});

async function openTools(page: Page, layerId: string): Promise<void> {
  const tools = page.locator(`[data-layer-id="${layerId}"] details.layer-tools`);
  if (!(await tools.getAttribute('open'))) await tools.locator('summary').click();
}

describe('the layer panel: opacity, shading, clusters, import and export (built app and API, Chromium)', () => {
  let env: E2eEnvironment;
  let page: Page;
  let network: NetworkLog;

  beforeAll(async () => {
    env = await startEnvironment();
    page = await env.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP', acceptDownloads: true });
    page.setDefaultTimeout(20000);
    network = watch(page, env.baseUrl);
    await page.goto(`${env.baseUrl}/#15/35.7035/139.7125`);
    await signIn(page, 'planner');
    await mapIdle(page);
  }, 240000);

  afterAll(async () => {
    await env?.close();
  });

  it('fades a layer with its opacity slider, keeping the style valid at every zoom', async () => {
    const slider = page.getByRole('slider', { name: '建物の不透明度' });
    await slider.fill('40');
    const opacity = await page.evaluate(() => window.__mimamori!.map.getPaintProperty('buildings', 'fill-opacity'));
    // The layer's own zoom curve (0.5 at z13 to 1 at z15) scaled by 0.4.
    expect(opacity).toEqual(['interpolate', ['linear'], ['zoom'], 13, 0.2, 15, 0.4]);
    expect(await page.evaluate(() => window.__mimamori!.controller.layerOpacity('buildings'))).toBe(0.4);
  });

  it('shades blocks by recorded crimes in five classes with a legend', async () => {
    await page.getByLabel('町丁目の塗り分け').selectOption('crimes');
    const legend = page.getByTestId('choropleth-legend');
    await legend.waitFor();
    expect(await legend.getByRole('listitem').count()).toBe(5);
    const states = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      return map.querySourceFeatures('blocks', { sourceLayer: 'blocks' }).map((f) => map.getFeatureState({ source: 'blocks', sourceLayer: 'blocks', id: f.id! }).choropleth);
    });
    const classes = new Set(states.filter((s) => s !== undefined));
    expect([...classes].sort()).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    await page.screenshot({ path: join(SCREENSHOTS, 'layers-choropleth-ja.png') });
    await page.getByLabel('町丁目の塗り分け').selectOption('none');
  });

  it('clusters cameras and streetlights at low zoom and splits a cluster when it is clicked', async () => {
    await page.evaluate(() => window.__mimamori!.map.jumpTo({ zoom: 12.5 }));
    await mapIdle(page);
    const clusters = await page.evaluate(() =>
      window.__mimamori!.map.queryRenderedFeatures({ layers: ['cameras-clusters', 'streetlights-clusters'] }).map((f) => ({ layer: f.layer.id, count: f.properties.point_count as number })),
    );
    expect(clusters.some((c) => c.layer === 'cameras-clusters' && c.count > 1)).toBe(true);
    expect(clusters.some((c) => c.layer === 'streetlights-clusters' && c.count > 10)).toBe(true);
    expect(await page.evaluate(() => window.__mimamori!.map.queryRenderedFeatures({ layers: ['cameras'] }).length)).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'layers-clusters-ja.png') });

    const target = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      const cluster = map.queryRenderedFeatures({ layers: ['cameras-clusters'] })[0];
      return map.project((cluster.geometry as { coordinates: [number, number] }).coordinates);
    });
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + target.x, box.y + target.y);
    await page.waitForFunction(() => window.__mimamori!.map.getZoom() > 12.6);
  });

  it('previews a GeoJSON import with its problem row, refuses it strictly, then imports the good rows', async () => {
    const before = await layerCount(page, 'cameras');
    await openTools(page, 'cameras');
    await page.locator('[data-layer-id="cameras"]').getByRole('button', { name: 'ファイルを取り込む…' }).click();
    const dialog = page.getByRole('dialog', { name: '「防犯カメラ」にファイルを取り込む' });
    await dialog.waitFor();
    await dialog.getByLabel('ファイルを選ぶ').setInputFiles({ name: 'cameras.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(IMPORT_FILE) });
    await dialog.getByTestId('import-facts').filter({ hasText: '3行' }).waitFor();
    expect(await dialog.getByTestId('import-facts').textContent()).toContain('geojson');
    const problems = dialog.getByRole('region', { name: '問題のある行: 1件' });
    expect(await problems.textContent()).toMatch(/2行目: .*(水平画角|hfov_deg)/);
    expect(await dialog.getByRole('table', { name: '先頭の行' }).locator('tbody tr').count()).toBe(3);
    await page.screenshot({ path: join(SCREENSHOTS, 'import-preview-ja.png') });

    const strict = page.waitForResponse((r) => r.url().includes('/api/layers/cameras/import'));
    await dialog.getByRole('button', { name: '取り込む' }).click();
    expect((await strict).status()).toBe(400);
    await dialog.getByRole('alert').filter({ hasText: '取り込めませんでした' }).waitFor();
    expect(await dialog.getByRole('region', { name: '取り込めなかった行: 1件' }).textContent()).toContain('2行目');
    expect(await layerCount(page, 'cameras')).toBe(before);
    network.failed.length = 0;
    network.errors.length = 0;

    await dialog.getByLabel('その行を飛ばして取り込む').check();
    const skipping = page.waitForResponse((r) => r.url().includes('/api/layers/cameras/import'));
    await dialog.getByRole('button', { name: '取り込む' }).click();
    const response = await skipping;
    expect(response.status()).toBe(200);
    expect(new URL(response.url()).searchParams.get('mode')).toBe('skip-invalid');
    await dialog.getByText('2件を取り込みました (飛ばした行 1件)。').waitFor();
    await dialog.getByRole('button', { name: '閉じる' }).click();
    await page.locator('[data-layer-id="cameras"] .layer-meta').filter({ hasText: `${before + 2}件` }).waitFor();
  });

  it('exports a layer as GeoJSON and as CSV for Excel', async () => {
    const count = await layerCount(page, 'cameras');
    await openTools(page, 'cameras');
    const row = page.locator('[data-layer-id="cameras"]');
    const geojson = page.waitForEvent('download');
    await row.getByLabel('形式').selectOption('geojson');
    await row.getByRole('button', { name: '書き出す' }).click();
    const file = await geojson;
    const collection = JSON.parse(readFileSync((await file.path())!, 'utf8')) as { features: unknown[] };
    expect(collection.features.length).toBe(count);

    const csv = page.waitForEvent('download');
    await row.getByLabel('形式').selectOption('csv');
    await row.getByRole('button', { name: '書き出す' }).click();
    const text = readFileSync((await (await csv).path())!, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text.trim().split(/\r?\n/).length).toBe(count + 1);
    expect(refusedRequests(network)).toEqual([]);
    expect(network.errors).toEqual([]);
  });
});
