import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { renderedFeatures, signIn, signOut, watch, type NetworkLog } from './browser';
import { SCREENSHOTS, startEnvironment, type E2eEnvironment } from './harness';

describe('Mimamori web app (built app, built API, demo data, Chromium)', () => {
  let env: E2eEnvironment;
  let page: Page;
  let network: NetworkLog;

  beforeAll(async () => {
    env = await startEnvironment();
    page = await env.browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'ja-JP' });
    page.setDefaultTimeout(20000);
    network = watch(page, env.baseUrl);
    await page.goto(env.baseUrl);
  }, 240000);

  afterAll(async () => {
    await env?.close();
  });

  it('loads in Japanese, drawing roads, buildings and cameras from our own tiles, with no failed or outside request', async () => {
    const rendered = await renderedFeatures(page);
    await page.screenshot({ path: join(SCREENSHOTS, 'map-anonymous-ja.png') });

    expect(await page.locator('html').getAttribute('lang')).toBe('ja');
    await page.getByRole('heading', { name: 'レイヤー' }).waitFor();
    expect(rendered.roads).toBeGreaterThan(50);
    expect(rendered.buildings).toBeGreaterThan(50);
    expect(rendered.cameras).toBeGreaterThan(5);
    expect(network.foreign).toEqual([]);
    expect(network.failed).toEqual([]);
    expect(network.errors).toEqual([]);
  });

  it('lists each readable layer with its title, count and a labelled checkbox, but no patrol tracks for anonymous users', async () => {
    const roads = page.locator('[data-layer-id="roads"]');
    expect(await roads.getByRole('checkbox', { name: '道路' }).isChecked()).toBe(true);
    expect(await roads.locator('.layer-meta').textContent()).toMatch(/^[\d,]+件/);
    expect(await page.getByRole('checkbox', { name: '防犯カメラ' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'パトロール軌跡' }).count()).toBe(0);
  });

  it('removes a layer from the map when its checkbox is turned off, and brings it back', async () => {
    const checkbox = page.getByRole('checkbox', { name: '道路' });
    await checkbox.focus();
    await page.keyboard.press('Space');
    expect(await checkbox.isChecked()).toBe(false);
    const hidden = await renderedFeatures(page);
    expect(hidden.roads ?? 0).toBe(0);
    expect(hidden.buildings).toBeGreaterThan(50);

    await page.keyboard.press('Space');
    const shown = await renderedFeatures(page);
    expect(shown.roads).toBeGreaterThan(50);
  });

  it('highlights the camera under the pointer and shows its properties when clicked', async () => {
    const camera = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      const feature = map.queryRenderedFeatures({ layers: ['cameras'] })[0];
      const [lon, lat] = (feature.geometry as { coordinates: number[] }).coordinates;
      const { x, y } = map.project([lon, lat]);
      return { id: feature.id, x, y };
    });
    const box = await page.locator('#map canvas').boundingBox();
    await page.mouse.move(box!.x + camera.x, box!.y + camera.y);
    await page.waitForFunction(
      (id) => window.__mimamori!.map.getFeatureState({ source: 'cameras', sourceLayer: 'cameras', id }).hover === true,
      camera.id,
    );
    await page.mouse.click(box!.x + camera.x, box!.y + camera.y);
    const panel = page.locator('#feature-panel');
    await panel.getByRole('heading', { name: '選択中の地物' }).waitFor();
    expect(await panel.textContent()).toContain('防犯カメラ');
    expect(await panel.textContent()).toContain('向き (°)');
    await panel.getByRole('button', { name: '選択を解除' }).click();
    await panel.waitFor({ state: 'hidden' });
  });

  it('shows the API error message when the password is wrong', async () => {
    await page.getByLabel('ユーザー名').fill('police');
    await page.getByLabel('パスワード').fill('wrong-password');
    await page.getByRole('button', { name: 'ログイン' }).click();
    const alert = page.locator('.login-form [role="alert"]');
    await alert.filter({ hasText: 'ログインできませんでした' }).waitFor();
    expect(await alert.textContent()).toContain('wrong password');
    // The refused sign-in is the one failed request (Chromium also logs it to the console).
    expect(network.failed).toEqual([`401 ${env.baseUrl}/api/auth/login`]);
    expect(network.errors).toEqual([expect.stringContaining('401 (Unauthorized)')]);
    network.failed.length = 0;
    network.errors.length = 0;
  });

  it('shows and draws patrol tracks after signing in as police, but not for a planner', async () => {
    await signIn(page, 'police');
    await page.getByRole('checkbox', { name: 'パトロール軌跡' }).waitFor();
    expect(await page.getByTestId('signed-in-user').textContent()).toContain('警察');
    const rendered = await renderedFeatures(page);
    expect(rendered['patrol-tracks']).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'map-police-ja.png') });
    expect(await page.evaluate(() => sessionStorage.getItem('mimamori.session'))).toContain('accessToken');

    await signOut(page);
    expect(await page.getByRole('checkbox', { name: 'パトロール軌跡' }).count()).toBe(0);
    await signIn(page, 'planner');
    expect(await page.getByRole('checkbox', { name: 'パトロール軌跡' }).count()).toBe(0);
    await page.waitForFunction(() => window.__mimamori!.map.getSource('patrol-tracks') === undefined);
    expect((await renderedFeatures(page))['patrol-tracks'] ?? 0).toBe(0);
  });

  it('switches the interface to English and remembers the choice', async () => {
    await page.getByRole('button', { name: '表示言語を英語に切り替える' }).click();
    await page.getByRole('heading', { name: 'Layers' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('checkbox', { name: 'Roads' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('mimamori.lang'))).toBe('en');
    await page.screenshot({ path: join(SCREENSHOTS, 'map-planner-en.png') });

    await page.reload();
    await page.getByRole('heading', { name: 'Layers' }).waitFor();
    expect(network.foreign).toEqual([]);
    expect(network.failed).toEqual([]);
    expect(network.errors).toEqual([]);
  });
});
