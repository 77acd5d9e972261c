import type { AnalysesApi } from '../../api/analyses-api';
import type { Capabilities } from '../../api/capabilities';
import type { BBox, GeoFeature, RunView } from '../../api/client';
import { saveFile, type FilesApi } from '../../api/files-api';
import { formatNumber, onLangChange, t } from '../../i18n';
import { ANALYSIS_LAYERS } from '../../map/layers/manifest';
import type { SelectedFeature } from '../../map/feature-interaction';
import type { MapController } from '../../map/map-controller';
import { ANALYSIS_SOURCE } from '../../map/map-layer';
import { h, replaceChildren } from '../dom';
import { swatch } from '../legend';
import { resultTable, tableColumns, toCsv } from './result-table';
import { markFinding, routeAuditSection, type AuditCsvKind } from './route-audit-results';
import { summaryCard } from './run-summary';
import { barChart, lineChart } from './svg-chart';

export interface RunResultsDeps {
  readonly analyses: AnalysesApi;
  readonly files: FilesApi;
  readonly controller: MapController;
  readonly capabilities: () => Capabilities;
  /** Opens the editor for a planned camera at a proposed site. */
  readonly acceptSite: (site: GeoFeature) => void;
}

/** How long the report's object URL lives: long enough to load; the open tab keeps its document. */
const REPORT_URL_LIFETIME_MS = 60000;

const byKind = (features: readonly GeoFeature[], kind: string) => features.filter((f) => f.properties.kind === kind);

/** A succeeded run's results: summary card, charts, tables, downloads and the map layer's controls. */
export class RunResults {
  readonly element = h('div', { class: 'run-results' });
  private readonly error = h('p', { class: 'form-error', role: 'alert' });
  private readonly features = new Map<string, Promise<readonly GeoFeature[]>>();
  private current: RunView | null = null;
  /** The result feature selected on the map, marked in the findings table whenever it is drawn. */
  private selectedResult: string | number | null = null;

  constructor(private readonly deps: RunResultsDeps) {
    deps.controller.onSelect((feature) => {
      this.selectedResult = feature?.layerId === ANALYSIS_SOURCE && feature.id !== undefined ? feature.id : null;
      markFinding(this.element, this.selectedResult);
    });
    // Tables and labels are written in the language of the moment; the features are cached, so this is cheap.
    onLangChange(() => void this.show(this.current));
  }

  async show(run: RunView | null): Promise<void> {
    this.current = run;
    if (!run || run.status !== 'succeeded') return replaceChildren(this.element);
    replaceChildren(this.element, summaryCard(run), this.layerControls(), h('p', { class: 'hint', role: 'status' }, t('results.loading')));
    let features: readonly GeoFeature[];
    try {
      features = await this.load(run.id);
    } catch (err) {
      if (this.current === run) replaceChildren(this.element, summaryCard(run), h('p', { class: 'form-error', role: 'alert' }, (err as Error).message));
      return;
    }
    if (this.current !== run) return;
    this.error.textContent = '';
    replaceChildren(this.element, summaryCard(run), this.layerControls(features), ...this.details(run, features), this.downloads(run), this.error);
    if (this.selectedResult !== null) markFinding(this.element, this.selectedResult);
  }

  private load(id: string): Promise<readonly GeoFeature[]> {
    let pending = this.features.get(id);
    if (!pending) {
      pending = this.deps.analyses.features(id).then((collection) => collection.features);
      pending.catch(() => this.features.delete(id));
      this.features.set(id, pending);
    }
    return pending;
  }

  private layerControls(features: readonly GeoFeature[] = []): HTMLElement {
    const controller = this.deps.controller;
    const visible = h('input', { type: 'checkbox', id: 'results-visible', checked: controller.isLayerVisible(ANALYSIS_SOURCE) });
    visible.addEventListener('change', () => controller.setLayerVisible(ANALYSIS_SOURCE, visible.checked));
    const opacity = h('input', { type: 'range', id: 'results-opacity', min: 0, max: 100, step: 5, value: Math.round(controller.layerOpacity(ANALYSIS_SOURCE) * 100) });
    opacity.addEventListener('input', () => controller.setLayerOpacity(ANALYSIS_SOURCE, Number(opacity.value) / 100));
    const legend = ANALYSIS_LAYERS.find((group) => group.id === legendGroup(this.current?.type));
    const extent = bboxOf(features);
    return h(
      'div',
      { class: 'results-layer' },
      h(
        'div',
        { class: 'layer-row' },
        visible,
        h('label', { for: 'results-visible' }, t('results.showOnMap')),
        extent && h('button', { type: 'button', class: 'button button-small', onclick: () => controller.fitTo(extent) }, t('results.zoomTo')),
      ),
      h('div', { class: 'opacity-row' }, h('label', { for: 'results-opacity' }, t('layers.opacityShort')), opacity),
      legend && h('ul', { class: 'legend', 'aria-label': t('results.legend') }, ...legend.legend.map((entry) => h('li', {}, swatch(entry), t(entry.label)))),
    );
  }

  private details(run: RunView, features: readonly GeoFeature[]): (HTMLElement | null)[] {
    const out: (HTMLElement | null)[] = [];
    const curve = run.summary?.coverageCurve;
    if (Array.isArray(curve) && curve.length > 0) {
      const points = curve.map((p: { cameras?: unknown; objective?: unknown }) => ({ x: Number(p.cameras), y: Number(p.objective) }));
      out.push(h('figure', { class: 'chart-figure' }, lineChart(points, { title: t('results.curveTitle'), x: t('results.curveX') }), h('figcaption', {}, t('results.curveCaption'))));
    }
    const sites = byKind(features, 'site').sort((a, b) => Number(a.properties.rank) - Number(b.properties.rank));
    if (sites.length > 0) out.push(this.siteList(sites));
    const beats = byKind(features, 'beat');
    if (beats.length > 0) out.push(this.beatSection(run, beats));
    if (run.type === 'route-audit') {
      out.push(
        routeAuditSection(features, {
          showFinding: (feature) => this.showFinding(feature),
          openReport: this.deps.capabilities().analysisReport ? () => this.openReport(run) : null,
          exportCsv: (kind) => void this.guarded(() => this.exportKind(run, features, kind)),
        }),
      );
    }
    return out;
  }

  private siteList(sites: readonly GeoFeature[]): HTMLElement {
    const canAccept = this.deps.controller.isAvailable('cameras');
    return h(
      'ol',
      { class: 'site-list', 'aria-label': t('results.sites') },
      ...sites.map((site) =>
        h(
          'li',
          {},
          h('span', {}, t('results.site', { rank: String(site.properties.rank ?? '?'), bearing: formatNumber(Number(site.properties.bearingDeg)), gain: formatNumber(Number(site.properties.marginalGainM), 1) })),
          canAccept && h('button', { type: 'button', class: 'button button-small', onclick: () => this.deps.acceptSite(site) }, t('results.acceptSite')),
        ),
      ),
    );
  }

  private beatSection(run: RunView, beats: readonly GeoFeature[]): HTMLElement {
    const metric = beats.some((b) => typeof b.properties.requiredVisitsPerYear === 'number') ? 'requiredVisitsPerYear' : 'households';
    const bars = beats.filter((b) => typeof b.properties[metric] === 'number').map((b) => ({ label: String(b.properties.name ?? b.properties.code ?? b.properties.beatId), value: b.properties[metric] as number }));
    const columns = tableColumns(beats);
    const title = t(metric === 'requiredVisitsPerYear' ? 'results.workloadTitle' : 'results.householdsTitle');
    return h(
      'section',
      { class: 'beat-section' },
      bars.length > 0 && h('figure', { class: 'chart-figure' }, barChart(bars, title, ''), h('figcaption', {}, title)),
      resultTable(beats, columns, t('results.beatTable')),
      h('button', { type: 'button', class: 'button', onclick: () => void this.guarded(() => this.exportBeats(run, beats, columns)) }, t('results.exportCsv')),
    );
  }

  private downloads(run: RunView): HTMLElement {
    const file = (format: string) => this.deps.files.download(`/api/analyses/${run.id}/${this.deps.capabilities().analysisExport ? `export?format=${format}` : 'features'}`, `${run.type}-${run.id}.${format}`);
    return h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button', onclick: () => void this.guarded(async () => saveFile(await file('geojson'))) }, t('results.downloadGeojson')));
  }

  private async guarded(action: () => Promise<void>): Promise<void> {
    this.error.textContent = '';
    try {
      await action();
    } catch (err) {
      this.error.textContent = t('results.downloadFailed', { message: (err as Error).message });
    }
  }

  private exportBeats(run: RunView, beats: readonly GeoFeature[], columns: readonly string[]): Promise<void> {
    return this.exportCsv(run, 'beat', beats, columns);
  }

  private exportKind(run: RunView, features: readonly GeoFeature[], kind: AuditCsvKind): Promise<void> {
    const rows = byKind(features, kind);
    return this.exportCsv(run, kind, rows, tableColumns(rows));
  }

  /** The API's CSV of one result kind, or the same rows written here when this API build cannot export. */
  private async exportCsv(run: RunView, kind: string, rows: readonly GeoFeature[], columns: readonly string[]): Promise<void> {
    const fileName = `${run.type}-${run.id}-${kind}.csv`;
    if (this.deps.capabilities().analysisExport) {
      saveFile(await this.deps.files.download(`/api/analyses/${run.id}/export?format=csv&kind=${encodeURIComponent(kind)}`, fileName));
      return;
    }
    saveFile({ blob: new Blob([toCsv(rows, columns)], { type: 'text/csv;charset=utf-8' }), fileName });
  }

  private showFinding(feature: GeoFeature): void {
    const extent = bboxOf([feature]);
    if (extent) this.deps.controller.fitTo(extent);
    if (feature.id === undefined) return;
    const properties = Object.fromEntries(Object.entries(feature.properties).filter(([, v]) => v === null || typeof v !== 'object'));
    this.deps.controller.select({ layerId: ANALYSIS_SOURCE, id: feature.id, properties, geometry: (feature.geometry ?? undefined) as SelectedFeature['geometry'] });
  }

  /**
   * The report needs the token, so a link cannot fetch it: the tab opens now, inside the click
   * (later, popup blockers refuse it), and shows the fetched HTML through an object URL.
   */
  private openReport(run: RunView): void {
    const tab = window.open('', '_blank');
    void this.guarded(async () => {
      let file;
      try {
        file = await this.deps.files.download(`/api/analyses/${run.id}/report?format=html`, `${run.type}-${run.id}.html`);
      } catch (err) {
        tab?.close();
        throw err;
      }
      if (!tab || tab.closed) {
        saveFile(file);
        this.error.textContent = t('audit.reportBlocked');
        return;
      }
      const url = URL.createObjectURL(file.blob);
      tab.opener = null;
      tab.location.href = url;
      setTimeout(() => URL.revokeObjectURL(url), REPORT_URL_LIFETIME_MS);
    });
  }
}

/** The lon/lat box around every position of the features, or null without geometry. */
export function bboxOf(features: readonly GeoFeature[]): BBox | null {
  let box: [number, number, number, number] | null = null;
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      const [x, y] = value as number[];
      box = box ? [Math.min(box[0], x), Math.min(box[1], y), Math.max(box[2], x), Math.max(box[3], y)] : [x, y, x, y];
      return;
    }
    for (const item of value) visit(item);
  };
  for (const feature of features) if (feature.geometry) visit(feature.geometry.coordinates);
  return box;
}

/** Which legend explains a run type's results (coverage's for types drawing lines by share). */
const LEGEND_GROUPS: Readonly<Record<string, string>> = {
  siting: 'analysis-siting',
  'patrol-coverage': 'analysis-patrol',
  'beat-stats': 'analysis-beats',
  'beat-check': 'analysis-beats',
  'route-audit': 'analysis-route-audit',
};

function legendGroup(type: string | undefined): string {
  return (type && LEGEND_GROUPS[type]) || 'analysis-coverage';
}
