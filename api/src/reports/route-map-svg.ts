import type { MapContext, MetricGeometry, ReportFinding, ReportRoute, Xy } from './report-model';
import { escapeHtml } from './report-text';

/**
 * The report's map, drawn server-side as SVG in the run's metric zone (1 unit = 1 m, north up),
 * so it needs no tile server and prints sharp at any size.
 */
export const MAP_WIDTH_MM = 180;
export const MAP_HEIGHT_MM = 125;

export interface MapFrame {
  xmin: number;
  ymin: number;
  xmax: number;
  ymax: number;
}

export const SEVERITY_COLOURS: Record<string, string> = { high: '#d62728', medium: '#f28e00', low: '#b8a400' };
const MAIN_ROADS = new Set(['trunk', 'trunk_link', 'primary', 'primary_link', 'secondary', 'secondary_link', 'tertiary', 'tertiary_link']);
const FOOT_ROADS = new Set(['footway', 'path', 'steps', 'pedestrian', 'cycleway', 'bridleway', 'corridor', 'elevator', 'platform']);
const REFUGE_STYLE: Record<string, { fill: string; shape: 'circle' | 'square' | 'diamond' }> = {
  refuge: { fill: '#2e7d32', shape: 'circle' },
  koban: { fill: '#1565c0', shape: 'square' },
  convenience: { fill: '#00897b', shape: 'diamond' },
};

function points(g: MetricGeometry | null): Xy[] {
  if (!g) return [];
  switch (g.type) {
    case 'Point':
      return [g.coordinates];
    case 'LineString':
      return g.coordinates;
    case 'MultiLineString':
    case 'Polygon':
      return g.coordinates.flat();
    case 'MultiPolygon':
      return g.coordinates.flat(2);
    case 'GeometryCollection':
      return g.geometries.flatMap(points);
  }
}

/** The area shown: the geometries with a margin, widened to the map's aspect ratio. */
export function mapFrame(geometries: readonly (MetricGeometry | null)[], marginM = 60): MapFrame | null {
  const all = geometries.flatMap(points);
  if (all.length === 0) return null;
  let xmin = Math.min(...all.map((p) => p[0])) - marginM;
  let xmax = Math.max(...all.map((p) => p[0])) + marginM;
  let ymin = Math.min(...all.map((p) => p[1])) - marginM;
  let ymax = Math.max(...all.map((p) => p[1])) + marginM;
  const aspect = MAP_WIDTH_MM / MAP_HEIGHT_MM;
  const w = xmax - xmin;
  const h = ymax - ymin;
  if (w / h < aspect) {
    const grow = (h * aspect - w) / 2;
    xmin -= grow;
    xmax += grow;
  } else {
    const grow = (w / aspect - h) / 2;
    ymin -= grow;
    ymax += grow;
  }
  return { xmin, ymin, xmax, ymax };
}

/** A scale bar length: 1, 2 or 5 × 10ⁿ metres, about a fifth of the map's width. */
export function scaleBarM(widthM: number): number {
  const target = widthM / 5;
  const power = 10 ** Math.floor(Math.log10(target));
  return [5, 2, 1].map((k) => k * power).find((len) => len <= target) ?? power;
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

export function routeMapSvg(frame: MapFrame, context: MapContext, routes: readonly ReportRoute[], findings: readonly ReportFinding[]): string {
  const w = frame.xmax - frame.xmin;
  const h = frame.ymax - frame.ymin;
  const mm = w / MAP_WIDTH_MM;
  const tx = ([x, y]: Xy): Xy => [x - frame.xmin, frame.ymax - y];
  const at = (p: Xy) => tx(p).map(f1).join(' ');
  const line = (coords: Xy[]) => (coords.length > 0 ? `M${coords.map(at).join('L')}` : '');
  const path = (g: MetricGeometry | null): string => {
    if (!g) return '';
    switch (g.type) {
      case 'Point':
        return '';
      case 'LineString':
        return line(g.coordinates);
      case 'MultiLineString':
        return g.coordinates.map(line).join('');
      case 'Polygon':
        return g.coordinates.map((r) => `${line(r)}Z`).join('');
      case 'MultiPolygon':
        return g.coordinates.flatMap((p) => p.map((r) => `${line(r)}Z`)).join('');
      case 'GeometryCollection':
        return g.geometries.map(path).join('');
    }
  };
  const stroke = (d: string, colour: string, widthMm: number, extra = '') =>
    d ? `<path d="${d}" fill="none" stroke="${colour}" stroke-width="${f1(widthMm * mm)}" stroke-linecap="round" stroke-linejoin="round"${extra}/>` : '';

  const out: string[] = [];
  out.push(`<rect x="0" y="0" width="${f1(w)}" height="${f1(h)}" fill="#f4f1ea"/>`);
  out.push(`<path d="${context.buildings.map(path).join('')}" fill="#d9d3c7" fill-rule="evenodd"/>`);
  const roadsOf = (pick: (cls: string) => boolean) => context.roads.filter((r) => pick(r.cls)).map((r) => path(r.geometry)).join('');
  const foot = roadsOf((c) => FOOT_ROADS.has(c));
  const minor = roadsOf((c) => !FOOT_ROADS.has(c) && !MAIN_ROADS.has(c));
  const main = roadsOf((c) => MAIN_ROADS.has(c));
  out.push(stroke(foot, '#9e9e9e', 0.25, ` stroke-dasharray="${f1(0.8 * mm)} ${f1(0.5 * mm)}"`));
  out.push(stroke(minor, '#b9b4aa', 1.3), stroke(minor, '#ffffff', 0.9));
  out.push(stroke(main, '#c9a46a', 2.1), stroke(main, '#fbe3b4', 1.7));
  const areaLike = (f: ReportFinding) => f.properties.rule === 'crime-block';
  for (const f of findings.filter(areaLike)) out.push(stroke(path(f.geometry), '#8e24aa', 4.5, ' stroke-opacity="0.22"'));
  for (const r of routes) out.push(stroke(path(r.geometry), '#1f6fd1', 1.3, ' stroke-opacity="0.85"'));
  for (const f of findings.filter((x) => !areaLike(x))) {
    const colour = SEVERITY_COLOURS[String(f.properties.severity)] ?? '#777';
    out.push(stroke(path(f.geometry), colour, 2.2, ' stroke-opacity="0.8"'));
  }
  for (const r of context.refuges) out.push(refugeSymbol(r.kind, r.name, tx(r.at), mm));
  for (const s of context.schools) {
    const [x, y] = tx(s.at);
    out.push(
      `<g><title>${escapeHtml(s.name)}</title><rect x="${f1(x - 2 * mm)}" y="${f1(y - 2 * mm)}" width="${f1(4 * mm)}" height="${f1(4 * mm)}" fill="#222"/>` +
        `<text x="${f1(x)}" y="${f1(y)}" fill="#fff" font-size="${f1(3 * mm)}" text-anchor="middle" dominant-baseline="central">文</text></g>`,
    );
  }
  const placed = new Map<string, number>();
  for (const f of findings) {
    if (!f.marker) continue;
    const [mx, my] = tx(f.marker);
    // Markers at one place (route-wide findings share the route's middle) stand side by side.
    const key = `${Math.round(mx / (4 * mm))}:${Math.round(my / (4 * mm))}`;
    const k = placed.get(key) ?? 0;
    placed.set(key, k + 1);
    const [x, y] = [f1(mx + k * 5 * mm), f1(my)];
    const colour = SEVERITY_COLOURS[String(f.properties.severity)] ?? '#777';
    out.push(
      `<g><circle cx="${x}" cy="${y}" r="${f1(2.3 * mm)}" fill="${colour}" stroke="#fff" stroke-width="${f1(0.4 * mm)}"/>` +
        `<text x="${x}" y="${y}" fill="#fff" font-size="${f1(2.6 * mm)}" font-weight="bold" text-anchor="middle" dominant-baseline="central">${escapeHtml(String(f.properties.rank ?? ''))}</text></g>`,
    );
  }
  out.push(scaleBar(w, h, mm), northArrow(w, mm));
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${f1(w)} ${f1(h)}" width="${MAP_WIDTH_MM}mm" height="${MAP_HEIGHT_MM}mm" ` +
    `font-family="'Noto Sans CJK JP', sans-serif" role="img" aria-label="通学路の地図 / map of the routes">${out.join('')}</svg>`
  );
}

function refugeSymbol(kind: string, name: string, [x, y]: Xy, mm: number): string {
  const style = REFUGE_STYLE[kind] ?? { fill: '#6a1b9a', shape: 'circle' as const };
  const r = 1.5 * mm;
  const common = `fill="${style.fill}" stroke="#fff" stroke-width="${f1(0.3 * mm)}"`;
  const shape =
    style.shape === 'square'
      ? `<rect x="${f1(x - r)}" y="${f1(y - r)}" width="${f1(2 * r)}" height="${f1(2 * r)}" ${common}/>`
      : style.shape === 'diamond'
        ? `<path d="M${f1(x)} ${f1(y - r * 1.3)}L${f1(x + r * 1.3)} ${f1(y)}L${f1(x)} ${f1(y + r * 1.3)}L${f1(x - r * 1.3)} ${f1(y)}Z" ${common}/>`
        : `<circle cx="${f1(x)}" cy="${f1(y)}" r="${f1(r)}" ${common}/>`;
  return `<g><title>${escapeHtml(name)}</title>${shape}</g>`;
}

function scaleBar(w: number, h: number, mm: number): string {
  const len = scaleBarM(w);
  const x0 = 6 * mm;
  const y0 = h - 6 * mm;
  const label = len >= 1000 ? `${len / 1000} km` : `${len} m`;
  return (
    `<g><rect x="${f1(x0 - 2 * mm)}" y="${f1(y0 - 6 * mm)}" width="${f1(len + 4 * mm)}" height="${f1(8.5 * mm)}" fill="#fff" fill-opacity="0.8"/>` +
    `<path d="M${f1(x0)} ${f1(y0 - 1.2 * mm)}V${f1(y0)}H${f1(x0 + len)}V${f1(y0 - 1.2 * mm)}" fill="none" stroke="#222" stroke-width="${f1(0.4 * mm)}"/>` +
    `<text x="${f1(x0 + len / 2)}" y="${f1(y0 - 2 * mm)}" font-size="${f1(2.8 * mm)}" text-anchor="middle" fill="#222">${label}</text></g>`
  );
}

function northArrow(w: number, mm: number): string {
  const x = w - 8 * mm;
  const y = 6 * mm;
  return (
    `<g><path d="M${f1(x)} ${f1(y)}L${f1(x + 2.2 * mm)} ${f1(y + 6 * mm)}L${f1(x)} ${f1(y + 4.6 * mm)}L${f1(x - 2.2 * mm)} ${f1(y + 6 * mm)}Z" fill="#222"/>` +
    `<text x="${f1(x)}" y="${f1(y + 9.5 * mm)}" font-size="${f1(3 * mm)}" text-anchor="middle" fill="#222">N</text></g>`
  );
}
