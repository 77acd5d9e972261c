import { formatNumber } from '../../i18n';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 300;
const HEIGHT = 160;
const PAD = { left: 44, right: 10, top: 10, bottom: 28 };

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, ...children: (SVGElement | string)[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  for (const child of children) element.append(child);
  return element;
}

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/** Rounded-up axis maximum (1, 2 or 5 × 10^n), so ticks fall on readable numbers. */
export function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function frame(title: string, yMax: number, xLabel: string): SVGSVGElement {
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': title, class: 'chart' }, svg('title', {}, title));
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotHeight * (1 - fraction);
    chart.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: 'chart-grid' }));
    chart.append(svg('text', { x: PAD.left - 4, y: y + 4, 'text-anchor': 'end', class: 'chart-tick' }, formatNumber(yMax * fraction)));
  }
  chart.append(svg('text', { x: (PAD.left + WIDTH - PAD.right) / 2, y: HEIGHT - 4, 'text-anchor': 'middle', class: 'chart-axis' }, xLabel));
  return chart;
}

/** A line with dots: e.g. the siting objective after each added camera. */
export function lineChart(points: readonly ChartPoint[], labels: { title: string; x: string }): SVGSVGElement {
  const yMax = niceMax(Math.max(...points.map((p) => p.y)));
  const xMin = Math.min(...points.map((p) => p.x));
  const xMax = Math.max(...points.map((p) => p.x));
  const chart = frame(labels.title, yMax, labels.x);
  const plotWidth = WIDTH - PAD.left - PAD.right;
  const plotHeight = HEIGHT - PAD.top - PAD.bottom;
  const sx = (x: number) => PAD.left + (xMax > xMin ? ((x - xMin) / (xMax - xMin)) * plotWidth : plotWidth / 2);
  const sy = (y: number) => PAD.top + plotHeight * (1 - y / yMax);
  chart.append(svg('polyline', { points: points.map((p) => `${sx(p.x)},${sy(p.y)}`).join(' '), class: 'chart-line' }));
  for (const p of points) {
    chart.append(svg('circle', { cx: sx(p.x), cy: sy(p.y), r: 3, class: 'chart-dot' }, svg('title', {}, `${formatNumber(p.x)}: ${formatNumber(p.y, 1)}`)));
    chart.append(svg('text', { x: sx(p.x), y: HEIGHT - PAD.bottom + 12, 'text-anchor': 'middle', class: 'chart-tick' }, formatNumber(p.x)));
  }
  return chart;
}

/** Horizontal bars, one per label: e.g. the yearly visits each beat needs. */
export function barChart(bars: readonly { label: string; value: number }[], title: string, unit: string): SVGSVGElement {
  const rowHeight = 22;
  const height = PAD.top + bars.length * rowHeight + 8;
  const labelWidth = 96;
  const max = niceMax(Math.max(...bars.map((b) => b.value)));
  const width = WIDTH - labelWidth - PAD.right - 44;
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': title, class: 'chart' }, svg('title', {}, title));
  bars.forEach((bar, i) => {
    const y = PAD.top + i * rowHeight;
    const w = Math.max(1, (bar.value / max) * width);
    chart.append(svg('text', { x: labelWidth - 4, y: y + 14, 'text-anchor': 'end', class: 'chart-tick' }, bar.label.length > 12 ? `${bar.label.slice(0, 11)}…` : bar.label));
    chart.append(svg('rect', { x: labelWidth, y: y + 3, width: w, height: rowHeight - 8, class: 'chart-bar' }, svg('title', {}, `${bar.label}: ${formatNumber(bar.value)} ${unit}`)));
    chart.append(svg('text', { x: labelWidth + w + 4, y: y + 14, class: 'chart-tick' }, formatNumber(bar.value)));
  });
  return chart;
}
