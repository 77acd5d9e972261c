import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { apiToken, layerCount, mapIdle, pagePoint, signIn, signOut, refusedRequests, watch, type NetworkLog } from './browser';
import { SCREENSHOTS, startEnvironment, type E2eEnvironment } from './harness';

const CAMERA_NAME = 'E2E 通学路カメラ';

/**
 * A point on a school route, right of the centre and below the toolbar (clear of the feature panel
 * and the toolbar), with at least 40 px of straight route ahead of it towards `along`.
 */
async function routeSpot(page: Page): Promise<{ at: [number, number]; along: [number, number] }> {
  return page.evaluate(() => {
    const { map } = window.__mimamori!;
    const centre = map.project(map.getCenter());
    const inRegion = (p: { x: number; y: number }) => p.x > centre.x && p.x < centre.x + 250 && p.y > centre.y - 150 && p.y < centre.y + 200;
    for (const feature of map.queryRenderedFeatures({ layers: ['school-routes'] })) {
      const g = feature.geometry;
      const lines = g.type === 'LineString' ? [g.coordinates] : g.type === 'MultiLineString' ? g.coordinates : [];
      for (const line of lines) {
        for (let i = 0; i + 1 < line.length; i++) {
          const a = map.project(line[i] as [number, number]);
          const b = map.project(line[i + 1] as [number, number]);
          const length = a.dist(b);
          for (let d = 0; d + 40 <= length; d += 5) {
            const p = a.add(b.sub(a).mult(d / length));
            if (inRegion(p)) {
              const at = map.unproject(p);
              return { at: [at.lng, at.lat] as [number, number], along: line[i + 1] as [number, number] };
            }
          }
        }
      }
    }
    throw new Error('no straight 40 px of school route right of the centre');
  });
}

async function seenPct(page: Page): Promise<number> {
  const numbers = page.getByTestId('what-if-summary').locator('.what-if-numbers');
  await numbers.waitFor();
  return Number(await numbers.getAttribute('data-seen-pct'));
}

describe('inspecting and editing features (built app and API, Chromium)', () => {
  let env: E2eEnvironment;
  let page: Page;
  let network: NetworkLog;
  let spot: { at: [number, number]; along: [number, number] };
  let cameraId: number;

  beforeAll(async () => {
    env = await startEnvironment();
    page = await env.browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'ja-JP' });
    page.setDefaultTimeout(20000);
    network = watch(page, env.baseUrl);
    // Street level over the demo's school routes.
    await page.goto(`${env.baseUrl}/#16/35.7035/139.7125`);
    await signIn(page, 'planner');
    await mapIdle(page);
    spot = await routeSpot(page);
  }, 240000);

  afterAll(async () => {
    await env?.close();
  });

  it('places a camera on a school route, refuses a bearing of 400° in the form, saves it and finds it after a reload', async () => {
    const before = await layerCount(page, 'cameras');
    await page.getByLabel('追加するレイヤー').selectOption('cameras');
    await page.getByRole('button', { name: '地図上に追加' }).click();
    await page.getByRole('status').filter({ hasText: '防犯カメラを置く場所' }).waitFor();
    const click = await pagePoint(page, spot.at);
    await page.mouse.click(click.x, click.y);

    const editor = page.locator('#feature-panel');
    await editor.getByRole('heading', { name: '新しい防犯カメラ' }).waitFor();
    expect(await editor.getByLabel('状態').inputValue()).toBe('planned');
    await editor.getByLabel('名称').fill(CAMERA_NAME);
    await editor.getByLabel('向き (°)').fill('400');
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && r.url().includes('/api/layers/cameras/features') && posts.push(r.url()));
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.getByText('向き (°)は360以下にしてください。').waitFor();
    expect(await editor.getByLabel('向き (°)').getAttribute('aria-invalid')).toBe('true');
    expect(posts).toEqual([]);
    await page.screenshot({ path: join(SCREENSHOTS, 'edit-refused-bearing-ja.png') });

    await editor.getByLabel('向き (°)').fill('0');
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/layers/cameras/features'));
    await editor.getByRole('button', { name: '保存' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    cameraId = ((await response.json()) as { id: number }).id;
    await editor.getByRole('heading', { name: '選択中の地物' }).waitFor();
    expect(await editor.textContent()).toContain(`#${cameraId}`);
    await page.locator('[data-layer-id="cameras"] .layer-meta').filter({ hasText: `${before + 1}件` }).waitFor();

    await page.reload();
    await page.getByTestId('signed-in-user').waitFor();
    await mapIdle(page);
    expect(await layerCount(page, 'cameras')).toBe(before + 1);
    const found = await page.evaluate((name) => window.__mimamori!.map.queryRenderedFeatures({ layers: ['cameras'] }).filter((f) => f.properties.name === name).map((f) => f.id), CAMERA_NAME);
    expect(found).toEqual([cameraId]);
  });

  it('turns and widens the camera with its handles, recolouring the school route live with the shared kernels', async () => {
    const at = await pagePoint(page, spot.at);
    await page.mouse.click(at.x, at.y);
    const panel = page.locator('#feature-panel');
    await panel.getByRole('button', { name: '編集' }).click();
    await panel.getByRole('heading', { name: `防犯カメラ #${cameraId} を編集` }).waitFor();
    const before = await seenPct(page);

    // Drag the bearing handle (at the tip of the view) 80 px along the route.
    const handle = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      const tip = map.queryRenderedFeatures({ layers: ['edit-handles'] }).find((f) => f.properties.role === 'bearing');
      return tip && map.project((tip.geometry as { coordinates: [number, number] }).coordinates);
    });
    const box = await page.locator('#map canvas').boundingBox();
    const along = await pagePoint(page, spot.along);
    const length = Math.hypot(along.x - at.x, along.y - at.y);
    const target = { x: at.x + ((along.x - at.x) / length) * 80, y: at.y + ((along.y - at.y) / length) * 80 };
    await page.mouse.move(box!.x + handle!.x, box!.y + handle!.y);
    await page.mouse.down();
    await page.mouse.move(target.x, target.y, { steps: 8 });
    await page.mouse.up();

    const bearingAlong = await page.evaluate(([a, b]) => ((Math.atan2((b[0] - a[0]) * Math.cos((a[1] * Math.PI) / 180), b[1] - a[1]) * 180) / Math.PI + 360) % 360, [spot.at, spot.along]);
    const bearing = Number(await panel.getByLabel('向き (°)').inputValue());
    expect(Math.abs(((bearing - bearingAlong + 540) % 360) - 180)).toBeLessThan(3);
    await page.waitForFunction((old) => Number(document.querySelector('.what-if-numbers')?.getAttribute('data-seen-pct')) > old, before);
    expect(await seenPct(page)).toBeGreaterThan(before);
    await mapIdle(page);
    const seenDrawn = await page.evaluate(() => window.__mimamori!.map.queryRenderedFeatures({ layers: ['what-if-seen'] }).length);
    expect(seenDrawn).toBeGreaterThan(0);

    const fov = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      const edge = map.queryRenderedFeatures({ layers: ['edit-handles'] }).find((f) => f.properties.role === 'fov-right');
      return edge && map.project((edge.geometry as { coordinates: [number, number] }).coordinates);
    });
    await page.mouse.move(box!.x + fov!.x, box!.y + fov!.y);
    await page.mouse.down();
    // To the camera's right, square to its view: a field of view of 180°.
    const [ux, uy] = [(along.x - at.x) / length, (along.y - at.y) / length];
    await page.mouse.move(at.x - uy * 60, at.y + ux * 60, { steps: 6 });
    await page.mouse.up();
    expect(Math.abs(Number(await panel.getByLabel('水平画角 (°)').inputValue()) - 180)).toBeLessThanOrEqual(2);
    await page.screenshot({ path: join(SCREENSHOTS, 'edit-what-if-ja.png') });

    const saved = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await panel.getByRole('button', { name: '保存' }).click();
    const patch = await saved;
    expect(patch.status()).toBe(200);
    expect(await patch.request().headerValue('if-match')).toBe('"1"');
    await panel.getByRole('heading', { name: '選択中の地物' }).waitFor();
  });

  it('never overwrites a change made meanwhile: a stale save shows a conflict and the current version can be loaded', async () => {
    const panel = page.locator('#feature-panel');
    await panel.getByRole('button', { name: '編集' }).click();
    await panel.getByRole('heading', { name: `防犯カメラ #${cameraId} を編集` }).waitFor();

    // Someone else renames the camera behind the page's back.
    const token = await apiToken(env.baseUrl, 'planner');
    const url = `${env.baseUrl}/api/layers/cameras/features/${cameraId}`;
    const etag = (await fetch(url, { headers: { Authorization: `Bearer ${token}` } })).headers.get('etag')!;
    const other = await fetch(url, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'If-Match': etag },
      body: JSON.stringify({ properties: { name: '他の人が付けた名前' } }),
    });
    expect(other.status).toBe(200);

    await panel.getByLabel('名称').fill('私の名前');
    const stale = page.waitForResponse((r) => r.request().method() === 'PATCH');
    await panel.getByRole('button', { name: '保存' }).click();
    expect((await stale).status()).toBe(412);
    await panel.getByRole('alert').filter({ hasText: '他の人が変更しました' }).waitFor();
    network.failed.length = 0;
    network.errors.length = 0;

    await panel.getByRole('button', { name: '最新の内容を読み込む' }).click();
    await panel.getByRole('heading', { name: `防犯カメラ #${cameraId} を編集` }).waitFor();
    expect(await panel.getByLabel('名称').inputValue()).toBe('他の人が付けた名前');
    await panel.getByRole('button', { name: 'キャンセル' }).click();
  });

  it('refuses a self-intersecting beat drawn on the map, in the form, before anything is sent', async () => {
    await page.getByLabel('追加するレイヤー').selectOption('beats');
    await page.getByRole('button', { name: '地図上に追加' }).click();
    const box = (await page.locator('#map canvas').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    // A bow tie: the second and fourth edges cross.
    for (const [dx, dy] of [[-80, -80], [80, 80], [80, -80], [-80, 80]]) await page.mouse.click(cx + dx, cy + dy);
    await page.getByRole('button', { name: '完了' }).click();
    const editor = page.locator('#feature-panel');
    await editor.getByRole('heading', { name: '新しい受持区' }).waitFor();
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.getByText('コードを入力してください。').waitFor();
    await editor.getByLabel('コード').fill('E2E-01');
    await editor.getByRole('button', { name: '保存' }).click();
    await editor.getByRole('alert').filter({ hasText: '区域の境界が交差しています' }).waitFor();
    await editor.getByRole('button', { name: 'キャンセル' }).click();
    await editor.waitFor({ state: 'hidden' });
  });

  it('draws a school route with the keyboard alone and saves it', async () => {
    await page.getByLabel('追加するレイヤー').selectOption('school-routes');
    await page.getByRole('button', { name: '地図上に追加' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: '通学路の頂点' }).waitFor();
    expect(await page.evaluate(() => document.activeElement === window.__mimamori!.map.getCanvas())).toBe(true);
    await page.keyboard.press('Space');
    for (let i = 0; i < 2; i++) {
      await page.keyboard.press('ArrowRight');
      await page.waitForTimeout(400);
    }
    await page.keyboard.press('Space');
    await page.getByRole('status').filter({ hasText: '(2点)' }).waitFor();
    await page.keyboard.press('Enter');
    const editor = page.locator('#feature-panel');
    await editor.getByRole('heading', { name: '新しい通学路' }).waitFor();
    await editor.getByLabel('学校').fill('E2E 小学校');
    const created = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/layers/school-routes/features'));
    await editor.getByRole('button', { name: '保存' }).click();
    const response = await created;
    expect(response.status()).toBe(201);
    const route = (await response.json()) as { geometry: { type: string; coordinates: number[][] | number[][][] } };
    expect(['LineString', 'MultiLineString']).toContain(route.geometry.type);
  });

  it('deletes the camera after asking, sending the version read', async () => {
    const before = await layerCount(page, 'cameras');
    const at = await pagePoint(page, spot.at);
    await page.mouse.click(at.x, at.y);
    const panel = page.locator('#feature-panel');
    await panel.getByRole('button', { name: '削除…' }).click();
    await panel.getByText(`防犯カメラ #${cameraId} を削除しますか？`).waitFor();
    const deleted = page.waitForResponse((r) => r.request().method() === 'DELETE');
    await panel.getByRole('button', { name: '削除する' }).click();
    const response = await deleted;
    expect(response.status()).toBe(204);
    expect(await response.request().headerValue('if-match')).toBe('"3"');
    await panel.waitFor({ state: 'hidden' });
    await page.locator('[data-layer-id="cameras"] .layer-meta').filter({ hasText: `${before - 1}件` }).waitFor();
    expect(refusedRequests(network)).toEqual([]);
    expect(network.errors).toEqual([]);
  });

  it('gives a viewer no way to edit: no toolbar, no edit or delete buttons', async () => {
    await signOut(page);
    await signIn(page, 'viewer');
    await mapIdle(page);
    expect(await page.locator('#edit-toolbar').isHidden()).toBe(true);
    const camera = await page.evaluate(() => {
      const { map } = window.__mimamori!;
      const centre = map.project(map.getCenter());
      const points = map.queryRenderedFeatures({ layers: ['cameras'] }).map((f) => map.project((f.geometry as { coordinates: [number, number] }).coordinates));
      return points.sort((a, b) => a.dist(centre) - b.dist(centre))[0];
    });
    const box = (await page.locator('#map canvas').boundingBox())!;
    await page.mouse.click(box.x + camera.x, box.y + camera.y);
    const panel = page.locator('#feature-panel');
    await panel.getByRole('heading', { name: '選択中の地物' }).waitFor();
    expect(await panel.getByRole('button', { name: '編集' }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: '削除…' }).count()).toBe(0);
    expect(await page.evaluate(() => window.__mimamori!.map.queryRenderedFeatures({ layers: ['edit-handles'] }).length)).toBe(0);
  });
});
