import { OWNER_LABELS, ReportModel, ReportRoute, RULE_LABELS, SchoolSection, SEVERITY_LABELS, STATUS_LABELS } from './report-model';
import { SEVERITY_COLOURS } from './route-map-svg';
import { escapeHtml as e, num } from './report-text';

/**
 * The printable school route audit report (通学路点検 報告書): one A4 section per school with
 * the map, the per-route figures, the ranked findings and the countermeasures. Self-contained:
 * inline CSS and SVG, system Japanese fonts, no scripts and no external resources.
 */
export function reportHtml(model: ReportModel): string {
  const title = model.sections.length === 1 ? `通学路点検 報告書 — ${model.sections[0].school}` : '通学路点検 報告書';
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${CSS}</style>
</head>
<body>
${model.sections.length > 0 ? model.sections.map((s) => section(model, s)).join('\n') : EMPTY}
</body>
</html>
`;
}

const EMPTY = '<section class="school"><h1>通学路点検 報告書</h1><p>この点検の対象になった通学路はありません。 This audit covered no school routes.</p></section>';

const CSS = `
@page { size: A4; margin: 12mm 12mm 14mm; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font-family: 'Noto Sans CJK JP', 'Noto Sans JP', 'Hiragino Sans', 'Yu Gothic', sans-serif; font-size: 8.5pt; line-height: 1.45; color: #1d1d1f; }
@media screen {
  body { background: #e8e8e8; }
  .school { width: 210mm; min-height: 297mm; margin: 8mm auto; padding: 12mm; background: #fff; box-shadow: 0 1mm 4mm rgba(0,0,0,.2); }
}
.school + .school { break-before: page; }
.kicker { color: #1f6fd1; font-weight: bold; letter-spacing: .05em; }
h1 { font-size: 17pt; margin: 0.5mm 0 1mm; }
h2 { font-size: 10.5pt; margin: 5mm 0 1.5mm; padding-bottom: 0.6mm; border-bottom: 0.4mm solid #1f6fd1; break-after: avoid; }
.en { color: #666; font-size: 0.85em; font-weight: normal; }
.meta { color: #444; margin: 0; }
figure.map { margin: 3mm 0 1mm; break-inside: avoid; }
figure.map svg { display: block; width: 180mm; height: 125mm; border: 0.3mm solid #999; }
figcaption { font-size: 7.5pt; color: #444; margin-top: 1mm; }
.key { display: inline-block; margin-right: 3.5mm; white-space: nowrap; }
.swatch { display: inline-block; width: 5mm; height: 1.6mm; vertical-align: middle; margin-right: 1mm; }
.dot { display: inline-block; width: 2.6mm; height: 2.6mm; border-radius: 50%; vertical-align: middle; margin-right: 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 7.8pt; }
th, td { border: 0.25mm solid #bbb; padding: 0.7mm 1.1mm; vertical-align: top; }
th { background: #eef3fb; text-align: left; font-weight: bold; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.sev { display: inline-block; min-width: 5mm; padding: 0 1mm; border-radius: 0.8mm; color: #fff; text-align: center; font-weight: bold; }
.none { color: #666; }
.notes { margin-top: 4mm; font-size: 7pt; color: #555; }
.notes p { margin: 0.6mm 0; }
`;

function section(model: ReportModel, s: SchoolSection): string {
  const p = model.run.params;
  const period = p.period === 'morning' ? '登校（朝）' : p.period === 'afternoon' ? '下校（午後）' : '登下校';
  const finished = model.run.finishedAt ? jst(model.run.finishedAt) : '—';
  return `<section class="school">
<div class="kicker">通学路点検 報告書 <span class="en">School route audit report</span></div>
<h1>${e(s.school)}</h1>
<p class="meta">点検日時 ${e(finished)}　時間帯 ${e(period)}${p.night ? '（夜間: 暗視カメラ以外は照明下のみ）' : ''}　通学路 ${s.routes.length} 本　指摘 ${s.findings.length} 件</p>
<p class="meta en">Analysis ${e(model.run.id)} · ${s.routes.length} routes · ${s.findings.length} findings</p>
<figure class="map">${s.map}
<figcaption>${legend()}</figcaption></figure>
<h2>通学路ごとの結果 <span class="en">Per route</span></h2>
${routesTable(s.routes)}
<h2>指摘事項 <span class="en">Findings, most serious first</span></h2>
${findingsTable(s)}
${countermeasuresTable(s.routes)}
${notes(model)}
</section>`;
}

function legend(): string {
  const keys = [
    `<span class="key"><span class="swatch" style="background:#1f6fd1"></span>通学路 route</span>`,
    `<span class="key"><span class="swatch" style="background:#8e24aa;opacity:.35"></span>犯罪の多い町丁目を通る区間 high-crime block</span>`,
    ...Object.entries(SEVERITY_LABELS).map(
      ([k, l]) => `<span class="key"><span class="dot" style="background:${SEVERITY_COLOURS[k]}"></span>指摘（重要度${l.ja}）finding, ${l.en}</span>`,
    ),
    `<span class="key"><span class="dot" style="background:#2e7d32"></span>子ども110番の家</span>`,
    `<span class="key"><span class="dot" style="background:#1565c0;border-radius:0"></span>交番</span>`,
    `<span class="key"><span class="dot" style="background:#00897b;transform:rotate(45deg);border-radius:0"></span>コンビニ</span>`,
    `<span class="key">■ 文 学校 school</span>`,
  ];
  return keys.join(' ') + '<br>地図の番号は指摘事項の No. です。 Numbers on the map are the findings’ No.';
}

const crimesOf = (r: ReportRoute) => (r.properties.crimes ?? {}) as Record<string, unknown>;

function routesTable(routes: readonly ReportRoute[]): string {
  const year = routes.map((r) => crimesOf(r).year).find((y) => typeof y === 'string');
  const rows = routes.map((r) => {
    const p = r.properties;
    const c = crimesOf(r);
    const worst = c.worstBlock ? `${e(c.worstBlock)}（${num(c.worstBlockTotal)}）` : '—';
    return `<tr><td>${e(p.name ?? `#${p.routeId}`)}<br><span class="en">id ${e(p.routeId)}</span></td>
<td class="n">${num(p.lengthM)}</td><td class="n">${num(p.seenPct, 1)}</td><td class="n">${num(p.litPct, 1)}</td><td class="n">${num(p.seenOrLitPct, 1)}</td>
<td class="n">${num(p.longestDarkUnwatchedM)}</td><td class="n">${p.maxRefugeGapM === null ? '<span class="none">避難先なし</span>' : num(p.maxRefugeGapM)}</td>
<td class="n">${num(p.crossings)}</td><td class="n">${num(c.total)}</td><td class="n">${num(c.perKm, 1)}</td><td>${worst}</td></tr>`;
  });
  return `<table class="routes"><thead><tr>
<th>通学路 <span class="en">route</span></th><th>延長 m<br><span class="en">length</span></th><th>カメラ %<br><span class="en">seen</span></th>
<th>街灯 %<br><span class="en">lit</span></th><th>いずれか %<br><span class="en">seen or lit</span></th><th>最長の暗く見守りのない区間 m<br><span class="en">longest dark, unwatched</span></th>
<th>避難先までの最大距離 m<br><span class="en">max. distance to a refuge</span></th><th>横断箇所<br><span class="en">crossings</span></th>
<th>犯罪 ${e(year ?? '')}年 件<br><span class="en">crimes</span></th><th>件/km</th><th>最多の町丁目<br><span class="en">worst block</span></th>
</tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function findingsTable(s: SchoolSection): string {
  if (s.findings.length === 0) return '<p class="none">指摘事項はありません。 No findings.</p>';
  const rows = s.findings.map((f) => {
    const p = f.properties;
    const sev = SEVERITY_LABELS[String(p.severity)] ?? { ja: String(p.severity), en: '' };
    const rule = RULE_LABELS[String(p.rule)] ?? { ja: String(p.rule), en: '' };
    return `<tr><td class="n">${e(p.rank)}</td>
<td><span class="sev" style="background:${SEVERITY_COLOURS[String(p.severity)] ?? '#777'}">${e(sev.ja)}</span></td>
<td>${e(rule.ja)}<br><span class="en">${e(rule.en)}</span></td><td>${e(p.routeName ?? `#${p.routeId}`)}</td>
<td>${e(p.message)}<br><span class="en">${e(p.messageEn)}</span></td><td class="n">${e(p.findingId)}</td></tr>`;
  });
  return `<table class="findings"><thead><tr><th style="width:7mm">No.</th><th style="width:10mm">重要度</th><th style="width:27mm">区分 <span class="en">rule</span></th>
<th style="width:24mm">通学路</th><th>内容 <span class="en">what and where</span></th><th style="width:30mm">ID</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

interface CountermeasureEntry {
  id: number;
  status: string;
  owner: string;
  rule: string;
  createdAt: string;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
}

function change(before: unknown, after: unknown, decimals: number): string {
  return `${num(before, decimals)} → ${num(after, decimals)}`;
}

function countermeasuresTable(routes: readonly ReportRoute[]): string {
  const entries = routes.flatMap((r) => ((r.properties.countermeasures ?? []) as CountermeasureEntry[]).map((c) => ({ route: r, c })));
  if (entries.length === 0) return '';
  const rows = entries.map(({ route, c }) => {
    const rule = RULE_LABELS[c.rule] ?? { ja: c.rule, en: '' };
    return `<tr><td class="n">${e(c.id)}</td><td>${e(route.properties.name ?? `#${route.properties.routeId}`)}</td><td>${e(rule.ja)}</td>
<td>${e(OWNER_LABELS[c.owner] ?? c.owner)}</td><td>${e(STATUS_LABELS[c.status] ?? c.status)}</td><td>${e(c.createdAt.slice(0, 10))}</td>
<td class="n">${change(c.before.seenPct, c.after.seenPct, 1)}</td><td class="n">${change(c.before.litPct, c.after.litPct, 1)}</td>
<td class="n">${change(c.before.longestDarkUnwatchedM, c.after.longestDarkUnwatchedM, 0)}</td><td class="n">${change(c.before.maxRefugeGapM, c.after.maxRefugeGapM, 0)}</td></tr>`;
  });
  return `<h2>対策の進捗 <span class="en">Countermeasures: figures when registered → now</span></h2>
<table class="countermeasures"><thead><tr><th>No.</th><th>通学路</th><th>区分</th><th>担当</th><th>状況</th><th>登録日</th>
<th>カメラ %</th><th>街灯 %</th><th>暗い区間 m</th><th>避難先 m</th></tr></thead><tbody>${rows.join('\n')}</tbody></table>`;
}

function notes(model: ReportModel): string {
  const t = (model.run.summary.thresholds ?? {}) as Record<string, unknown>;
  return `<div class="notes">
<p>基準: 暗く見守りのない区間 ${num(t.darkUnwatchedM)} m 以上、避難先まで ${num(t.refugeGapM)} m 超、町丁目の犯罪 年 ${num(t.crimeBlock)} 件以上、カメラ ${num(t.seenPct)} % 未満、街灯 ${num(t.litPct)} % 未満。重要度「高」は基準の 2 倍以上。</p>
<p>距離はすべて平面直角座標系（メートル）での直線距離です。横断箇所: 横断歩道のデータがないため、車の通る道路が通学路と交わる地点（交差点）を数えています。信号機のデータはありません。犯罪件数は通学路が通る町丁目の刑法犯認知件数の合計です。</p>
<p class="en">Distances are straight-line, in metres in the plane-rectangular zone. Crossings: junctions with roads carrying motor traffic (there is no crossings layer); signals are not counted. Crime: recorded offences of every block the route passes through.</p>
<p>デモデータの出典: © OpenStreetMap contributors (ODbL)、e-Stat 国勢調査小地域、警視庁 区市町村の町丁別 罪種別及び手口別認知件数 (CC BY 4.0)。作成 ${e(jst(model.generatedAt))}</p>
</div>`;
}

function jst(d: Date): string {
  return d.toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
}
