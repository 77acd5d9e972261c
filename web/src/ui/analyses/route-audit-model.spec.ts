import { distinctSchools } from '../../api/analyses-api';
import type { GeoFeature } from '../../api/client';
import { setLang } from '../../i18n';
import { formFor, initialParams } from './analysis-forms';
import { checkParams } from './analysis-params-check';
import { findingRows, routeRows } from './route-audit-model';

const feature = (id: number, properties: Record<string, unknown>): GeoFeature => ({ type: 'Feature', id, geometry: null, properties });

const route = (id: number, routeId: number, figures: Record<string, unknown>) =>
  feature(id, { kind: 'route', routeId, name: `route ${routeId}`, school: '戸山小学校', findings: 2, ...figures });

const finding = (id: number, rank: number, properties: Record<string, unknown>) =>
  feature(id, { kind: 'finding', routeId: 7, routeName: '戸山二丁目 → 戸山小', rank, message: '日本語の説明', messageEn: 'English text', ...properties });

// Unit tests run in Node: switching the language also sets <html lang>, so give it an element to set.
beforeAll(() => Object.defineProperty(globalThis, 'document', { value: { documentElement: { lang: 'ja' } }, configurable: true }));
afterEach(() => setLang('ja'));
afterAll(() => Reflect.deleteProperty(globalThis, 'document'));

describe('route audit rows for the results panel', () => {
  it('lists findings by rank with Japanese labels, each keeping the id its map feature has', () => {
    const rows = findingRows([
      route(1, 7, {}),
      finding(9, 2, { severity: 'medium', rule: 'refuge-gap' }),
      finding(8, 1, { severity: 'high', rule: 'dark-unwatched' }),
      finding(10, 3, { severity: 'low', rule: 'a-rule-added-later' }),
    ]);
    expect(rows).toEqual([
      { featureId: 8, rank: 1, severity: 'high', severityLabel: '高', rule: 'dark-unwatched', ruleLabel: '暗く見守りのない区間', message: '日本語の説明', route: '戸山二丁目 → 戸山小' },
      { featureId: 9, rank: 2, severity: 'medium', severityLabel: '中', rule: 'refuge-gap', ruleLabel: '避難先から遠い区間', message: '日本語の説明', route: '戸山二丁目 → 戸山小' },
      { featureId: 10, rank: 3, severity: 'low', severityLabel: '低', rule: 'a-rule-added-later', ruleLabel: 'a-rule-added-later', message: '日本語の説明', route: '戸山二丁目 → 戸山小' },
    ]);
  });

  it('shows the English message in English, and the route id when a finding has no route name', () => {
    setLang('en');
    const [row] = findingRows([finding(8, 1, { severity: 'high', rule: 'no-refuge', routeName: null })]);
    expect(row).toMatchObject({ severityLabel: 'high', ruleLabel: 'No refuge', message: 'English text', route: '#7' });
  });

  it('formats route figures as the printed report does: metres whole, percentages to 0.1, no refuge said in words', () => {
    const rows = routeRows([
      route(2, 12, { lengthM: 1234.56, seenPct: 33.349, litPct: 80, longestDarkUnwatchedM: 87.5, maxRefugeGapM: null }),
      route(1, 3, { lengthM: 480.2, seenPct: 0, litPct: 100, longestDarkUnwatchedM: 0, maxRefugeGapM: 151.49 }),
      finding(3, 1, { severity: 'high', rule: 'no-refuge' }),
    ]);
    expect(rows.map((r) => r.routeId)).toEqual([3, 12]);
    expect(rows[0]).toMatchObject({ name: 'route 3', lengthM: '480', seenPct: '0', litPct: '100', longestDarkUnwatchedM: '0', maxRefugeGapM: '151', findings: '2' });
    expect(rows[1]).toMatchObject({ lengthM: '1,235', seenPct: '33.3', litPct: '80', longestDarkUnwatchedM: '88', maxRefugeGapM: '避難先なし' });
  });

  it('shows a dash for a figure the result lacks', () => {
    expect(routeRows([route(1, 1, { seenPct: undefined, lengthM: Number.NaN })])[0]).toMatchObject({ seenPct: '—', lengthM: '—' });
  });
});

describe('choosing the school of a route audit', () => {
  it('offers each school once, sorted, without blanks', () => {
    const routes = ['早稲田小学校', '戸山小学校', '早稲田小学校', ' ', '戸山小学校 '].map((school, i) => feature(i, { school }));
    expect(distinctSchools([...routes, feature(9, {})])).toEqual(['戸山小学校', '早稲田小学校'].sort((a, b) => a.localeCompare(b, 'ja')));
  });

  it('sends the chosen school, and no school (every route) for "all schools"', () => {
    const form = formFor('route-audit');
    const raw = initialParams(form);
    expect(raw.school).toBe('');
    expect(checkParams(form, raw)).toEqual({ params: { night: false, includePlanned: false }, errors: {} });
    expect(checkParams(form, { ...raw, school: '戸山小学校', period: 'morning' }).params).toEqual({ school: '戸山小学校', period: 'morning', night: false, includePlanned: false });
  });
});
