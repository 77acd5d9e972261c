import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { parseCsv } from '../src/ui/import/csv-parse';
import { apiToken, mapIdle, refusedRequests, signIn, watch, type NetworkLog } from './browser';
import { SCREENSHOTS, startEnvironment, type E2eEnvironment } from './harness';

interface ApiFeature {
  id: number;
  geometry: { type: string; coordinates: unknown } | null;
  properties: Record<string, unknown> & { kind: string };
}

/** A figure as the printed report writes it (api/src/reports/report-text.ts `num`): en-US separators, at most `decimals` decimals. */
const reportFigure = (value: unknown, decimals: number) => (value as number).toLocaleString('en-US', { maximumFractionDigits: decimals, minimumFractionDigits: 0 });

async function apiJson<T>(env: E2eEnvironment, token: string, path: string): Promise<T> {
  const res = await fetch(`${env.baseUrl}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every lon/lat of a GeoJSON geometry's coordinates. */
function positions(coordinates: unknown): [number, number][] {
  if (!Array.isArray(coordinates)) return [];
  if (typeof coordinates[0] === 'number') return [[coordinates[0], coordinates[1] as number]];
  return coordinates.flatMap(positions);
}

/** Rendered features of the analysis results layer, by `kind`. */
async function renderedResults(page: Page): Promise<Record<string, number>> {
  await mapIdle(page);
  return page.evaluate(() => {
    const counts: Record<string, number> = {};
    for (const f of window.__mimamori!.map.queryRenderedFeatures()) if (f.source === 'analysis') counts[f.properties.kind] = (counts[f.properties.kind] ?? 0) + 1;
    return counts;
  });
}

/** A downloaded CSV: its bytes must be UTF-8 with a byte-order mark; returns the header and data rows. */
function readCsv(path: string): { header: string[]; rows: string[][] } {
  const bytes = readFileSync(path);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  const [header, ...rows] = parseCsv(text.slice(1));
  return { header, rows };
}

describe('school route audit in the browser: pick a school, run, findings on the map and in a table, printable report, CSV (built platform with a worker)', () => {
  let env: E2eEnvironment;
  let page: Page;
  let network: NetworkLog;
  let token: string;
  let school: string;
  let runId: string;
  let routes: ApiFeature[];
  let findings: ApiFeature[];

  beforeAll(async () => {
    env = await startEnvironment();
    token = await apiToken(env.baseUrl, 'planner');
    page = await env.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ja-JP', acceptDownloads: true });
    page.setDefaultTimeout(20000);
    network = watch(page, env.baseUrl);
    await page.goto(`${env.baseUrl}/#15/35.7035/139.7125`);
    await signIn(page, 'planner');
  }, 240000);

  // Dropping the database can wait on checkpoints while other work loads the shared server.
  afterAll(async () => {
    await page?.context().close();
    await env?.close();
  }, 240000);

  it('offers the schools of the school routes, and audits the chosen one until the run succeeds', async () => {
    const layer = await apiJson<{ features: ApiFeature[] }>(env, token, '/api/layers/school-routes/features?limit=10000');
    const perSchool = new Map<string, number>();
    for (const f of layer.features) perSchool.set(String(f.properties.school), (perSchool.get(String(f.properties.school)) ?? 0) + 1);
    // The school with the most routes, so the report has several routes to check.
    school = [...perSchool.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];

    await page.getByLabel('分析の種類').selectOption('route-audit');
    const picker = page.locator('#param-route-audit-school');
    expect(await page.locator('label[for="param-route-audit-school"]').textContent()).toBe('学校');
    await page.locator('#param-route-audit-school:not([aria-busy])').waitFor();
    const offered = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered[0]).toBe('');
    expect(new Set(offered.slice(1))).toEqual(new Set(perSchool.keys()));
    expect(offered.length).toBe(perSchool.size + 1);
    await picker.selectOption(school);

    const started = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/analyses');
    await page.getByRole('button', { name: '分析を実行' }).click();
    const response = await started;
    expect(response.status()).toBe(202);
    expect(JSON.parse(response.request().postData()!)).toMatchObject({ type: 'route-audit', params: { school } });
    runId = ((await response.json()) as { id: string }).id;
    await page.locator(`[data-run-id="${runId}"][data-status="succeeded"]`).waitFor({ timeout: 90000 });

    const collection = await apiJson<{ features: ApiFeature[] }>(env, token, `/api/analyses/${runId}/features`);
    routes = collection.features.filter((f) => f.properties.kind === 'route');
    findings = collection.features.filter((f) => f.properties.kind === 'finding');
    expect(routes.length).toBe(perSchool.get(school));
    expect(routes.every((r) => r.properties.school === school)).toBe(true);
    expect(findings.length).toBeGreaterThan(0);
  });

  it('lists every route with its figures and every finding by rank, and draws both on the map', async () => {
    const routeTable = page.getByRole('table', { name: '通学路ごとの結果' });
    await routeTable.waitFor();
    const routeCells = await routeTable.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText.trim())));
    expect(routeCells.length).toBe(routes.length);
    for (const route of routes) {
      const row = routeCells.find((cells) => cells[0] === route.properties.name);
      expect(row).toBeDefined();
      // The panel shows the same rounding as the report (ja-JP and en-US group digits alike).
      expect(row!.slice(2, 5)).toEqual([reportFigure(route.properties.lengthM, 0), reportFigure(route.properties.seenPct, 1), reportFigure(route.properties.litPct, 1)]);
    }

    const findingTable = page.getByRole('table', { name: '指摘事項 (重要な順)' });
    const findingCells = await findingTable.locator('tbody tr').evaluateAll((rows) => rows.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText.trim())));
    const byRank = [...findings].sort((a, b) => (a.properties.rank as number) - (b.properties.rank as number));
    expect(findingCells.map((cells) => [Number(cells[0]), cells[3], cells[4]])).toEqual(byRank.map((f) => [f.properties.rank, f.properties.message, f.properties.routeName]));

    await page.getByRole('button', { name: '結果の範囲を表示' }).click();
    const rendered = await renderedResults(page);
    expect(rendered.route).toBeGreaterThan(0);
    expect(rendered.finding).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'route-audit-ja.png') });
  });

  it('zooms to a finding clicked in the table and highlights it on the map and in the table', async () => {
    // The last-ranked finding: zooming to it from the whole audit's extent really moves the view.
    const target = [...findings].reverse().find((f) => f.geometry)!;
    const rank = target.properties.rank as number;
    await page.getByRole('button', { name: `No. ${rank} を地図で表示` }).click();
    await mapIdle(page);
    const state = await page.evaluate((id) => window.__mimamori!.map.getFeatureState({ source: 'analysis', sourceLayer: 'analysis', id }), target.id);
    expect(state.selected).toBe(true);
    const points = positions(target.geometry!.coordinates);
    const inView = await page.evaluate((pts) => {
      const bounds = window.__mimamori!.map.getBounds();
      return pts.every((p) => bounds.contains(p as [number, number]));
    }, points);
    expect(inView).toBe(true);
    expect(await page.locator(`tr[data-feature-id="${target.id}"]`).getAttribute('aria-current')).toBe('true');
    const selectedRendered = await page.evaluate(
      (id) => window.__mimamori!.map.queryRenderedFeatures().filter((f) => f.source === 'analysis' && f.id === id).length,
      target.id,
    );
    expect(selectedRendered).toBeGreaterThan(0);
    await page.screenshot({ path: join(SCREENSHOTS, 'route-audit-finding-ja.png') });
  });

  it("opens the printable report, which gives each route's length, % seen, % lit, longest dark unwatched stretch and max refuge gap as the API does", async () => {
    const popup = page.waitForEvent('popup');
    await page.getByRole('button', { name: '報告書を開く (印刷用)' }).click();
    const report = await popup;
    await report.waitForURL(/^blob:/);
    await report.waitForLoadState();
    expect(await report.title()).toBe(`通学路点検 報告書 — ${school}`);
    const rows = await report.locator('table.routes tbody tr').evaluateAll((trs) => trs.map((r) => [...r.children].map((c) => (c as HTMLElement).innerText.trim())));
    expect(rows.length).toBe(routes.length);
    for (const route of routes) {
      const p = route.properties;
      const row = rows.find((cells) => cells[0].split('\n').map((s) => s.trim()).includes(`id ${p.routeId}`));
      expect(row).toBeDefined();
      expect(row![0].split('\n')[0].trim()).toBe(p.name);
      expect({
        lengthM: row![1],
        seenPct: row![2],
        litPct: row![3],
        longestDarkUnwatchedM: row![5],
        maxRefugeGapM: row![6],
      }).toEqual({
        lengthM: reportFigure(p.lengthM, 0),
        seenPct: reportFigure(p.seenPct, 1),
        litPct: reportFigure(p.litPct, 1),
        longestDarkUnwatchedM: reportFigure(p.longestDarkUnwatchedM, 0),
        maxRefugeGapM: p.maxRefugeGapM === null ? '避難先なし' : reportFigure(p.maxRefugeGapM, 0),
      });
    }
    expect(await report.locator('table.findings tbody tr').count()).toBe(findings.length);
    await report.screenshot({ path: join(SCREENSHOTS, 'route-audit-report.png'), fullPage: false });
    await report.close();
  });

  it('exports the findings and the routes as CSV for Excel: UTF-8 with a BOM, one row per result as the API has them', async () => {
    const exported = async (button: string) => {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const file = await download;
      return { name: file.suggestedFilename(), ...readCsv((await file.path())!) };
    };

    const findingCsv = await exported('指摘事項を CSV で書き出す');
    expect(findingCsv.name).toBe(`route-audit-${runId}-finding.csv`);
    const id = findingCsv.header.indexOf('id');
    const kind = findingCsv.header.indexOf('kind');
    const message = findingCsv.header.indexOf('message');
    expect(findingCsv.rows.length).toBe(findings.length);
    expect(new Set(findingCsv.rows.map((r) => r[kind]))).toEqual(new Set(['finding']));
    expect(findingCsv.rows.map((r) => Number(r[id])).sort((a, b) => a - b)).toEqual(findings.map((f) => f.id).sort((a, b) => a - b));
    // Japanese text survives the round trip (the BOM makes Excel read it as UTF-8).
    expect(findingCsv.rows.map((r) => r[message]).sort()).toEqual(findings.map((f) => f.properties.message).sort());

    const routeCsv = await exported('通学路の結果を CSV で書き出す');
    expect(routeCsv.name).toBe(`route-audit-${runId}-route.csv`);
    expect(routeCsv.rows.length).toBe(routes.length);
    const routeId = routeCsv.header.indexOf('routeId');
    const lengthM = routeCsv.header.indexOf('lengthM');
    const seenPct = routeCsv.header.indexOf('seenPct');
    for (const route of routes) {
      const row = routeCsv.rows.find((r) => Number(r[routeId]) === route.properties.routeId);
      expect(row && [Number(row[lengthM]), Number(row[seenPct])]).toEqual([route.properties.lengthM, route.properties.seenPct]);
    }
  });

  it('speaks English after the language toggle: headings, severities and the findings in English', async () => {
    await page.getByRole('button', { name: '表示言語を英語に切り替える' }).click();
    const findingTable = page.getByRole('table', { name: 'Findings, most serious first' });
    await findingTable.waitFor();
    const first = findings.find((f) => f.properties.rank === 1)!.properties;
    const cells = await findingTable.locator('tbody tr').first().locator('td').allInnerTexts();
    expect(cells.map((c) => c.trim())).toEqual(['1', first.severity, expect.any(String), first.messageEn, first.routeName]);
    // The finding selected before is still marked in the table drawn in English.
    expect(await findingTable.locator('tr[aria-current="true"]').count()).toBe(1);
    await page.getByRole('button', { name: 'Open the report (printable)' }).waitFor();
    await page.screenshot({ path: join(SCREENSHOTS, 'route-audit-en.png') });
    expect(refusedRequests(network)).toEqual([]);
    expect(network.errors).toEqual([]);
  });
});
