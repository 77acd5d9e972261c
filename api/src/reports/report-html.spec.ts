import { reportHtml } from './report-html';
import type { ReportModel } from './report-model';

function model(): ReportModel {
  return {
    run: { id: 'c0ffee00-0000-4000-8000-000000000001', finishedAt: new Date('2026-04-01T00:30:00Z'), params: { period: 'morning' }, summary: { thresholds: { darkUnwatchedM: 50 } } },
    generatedAt: new Date('2026-04-02T01:00:00Z'),
    sections: [
      {
        school: '戸山<小>学校',
        map: '<svg></svg>',
        routes: [
          {
            geometry: null,
            properties: {
              routeId: 12,
              name: '=HYPERLINK("x")',
              lengthM: 1234.56,
              seenPct: 12.345,
              litPct: 50,
              seenOrLitPct: 55.5,
              longestDarkUnwatchedM: 140.4,
              maxRefugeGapM: null,
              crossings: 6,
              crimes: { year: '2025', total: 581, perKm: 470.61, worstBlock: '歌舞伎町２丁目', worstBlockTotal: 500 },
              countermeasures: [
                { id: 3, status: 'planned', owner: 'road-manager', rule: 'dark-unwatched', createdAt: '2026-03-01T00:00:00.000Z', before: { seenPct: 10, litPct: 40, longestDarkUnwatchedM: 288, maxRefugeGapM: null }, after: { seenPct: 12.345, litPct: 50, longestDarkUnwatchedM: 140.4, maxRefugeGapM: null } },
              ],
            },
          },
        ],
        findings: [
          { geometry: null, marker: null, properties: { rank: 1, severity: 'high', rule: 'dark-unwatched', routeName: 'R', message: '<b>暗い</b>', messageEn: 'dark', findingId: '12-dark-unwatched-1' } },
        ],
      },
    ],
  };
}

describe('the printable report', () => {
  it('shows each route’s figures, the findings and the countermeasures before → after', () => {
    const html = reportHtml(model());
    expect(html).toContain('<td class="n">1,235</td><td class="n">12.3</td><td class="n">50</td><td class="n">55.5</td>');
    expect(html).toContain('<td class="n">140</td><td class="n"><span class="none">避難先なし</span></td>');
    expect(html).toContain('<td class="n">581</td><td class="n">470.6</td><td>歌舞伎町２丁目（500）</td>');
    expect(html).toContain('<td class="n">10 → 12.3</td><td class="n">40 → 50</td>');
    expect(html).toContain('<td class="n">288 → 140</td><td class="n">— → —</td>');
    expect(html).toContain('道路管理者</td><td>計画中</td><td>2026-03-01</td>');
    expect(html).toContain('点検日時 2026/04/01 09:30');
    expect(html).toContain('@page { size: A4;');
  });

  it('escapes everything that comes from data', () => {
    const html = reportHtml(model());
    expect(html).toContain('<h1>戸山&lt;小&gt;学校</h1>');
    expect(html).toContain('&lt;b&gt;暗い&lt;/b&gt;');
    expect(html).toContain('=HYPERLINK(&quot;x&quot;)');
    expect(html).not.toContain('<b>暗い</b>');
  });

  it('says so when the audit covered no routes', () => {
    expect(reportHtml({ ...model(), sections: [] })).toContain('この点検の対象になった通学路はありません');
  });
});
