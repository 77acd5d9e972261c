import type { Capabilities } from '../../api/capabilities';
import { ApiError, type LayerInfo } from '../../api/client';
import type { FilesApi, ImportMode, ImportPreview, ImportProblem, ImportResult } from '../../api/files-api';
import { formatNumber, localized, t } from '../../i18n';
import { h, replaceChildren } from '../dom';
import { propertyLabel } from '../property-labels';
import { previewLocally } from './local-preview';

export interface ImportDialogDeps {
  readonly files: FilesApi;
  readonly capabilities: () => Capabilities;
  readonly onImported: (layerId: string) => void;
}

const ACCEPT = '.geojson,.json,.ndjson,.geojsonl,.jsonl,.csv,.txt,.zip,.gpkg,.kml,.kmz,.gpx,.osm,.gml,.xml';
const MAX_COLUMNS = 8;
const MAX_PROBLEMS = 50;

interface State {
  layer: LayerInfo;
  file: File | null;
  preview: ImportPreview | null;
  mapping: Record<string, string> | null;
  mode: ImportMode;
  busy: boolean;
  error: string;
  result: ImportResult | null;
  rejected: readonly ImportProblem[];
}

function crsName(crs: ImportPreview['crs']): string {
  if (!crs) return '—';
  return typeof crs === 'string' ? crs : crs.name;
}

/**
 * Importing a file into a layer: choose or drop it, see the detected format, encoding and
 * columns, the first rows and every problem row, map CSV columns, then import strictly (all or
 * nothing) or skipping the bad rows, and see what was imported and what was refused.
 */
export class ImportDialog {
  private readonly dialog = h('dialog', { class: 'dialog import-dialog', 'aria-labelledby': 'import-heading' });
  private state: State | null = null;

  constructor(private readonly deps: ImportDialogDeps) {
    document.body.append(this.dialog);
    this.dialog.addEventListener('close', () => (this.state = null));
  }

  open(layer: LayerInfo, file?: File): void {
    this.state = { layer, file: null, preview: null, mapping: null, mode: 'strict', busy: false, error: '', result: null, rejected: [] };
    this.render();
    if (!this.dialog.open) this.dialog.showModal();
    if (file) void this.choose(file);
  }

  private async choose(file: File): Promise<void> {
    const state = this.state;
    if (!state) return;
    Object.assign(state, { file, preview: null, mapping: null, result: null, rejected: [], error: '' });
    await this.preview();
  }

  private async preview(): Promise<void> {
    const state = this.state;
    if (!state?.file) return;
    state.busy = true;
    this.render();
    try {
      const mapping = state.mapping ?? undefined;
      state.preview = this.deps.capabilities().importPreview
        ? await this.deps.files.preview(state.layer.id, state.file, { mapping })
        : await previewLocally(state.layer, state.file, mapping);
      if (state.preview && state.preview.format === 'csv') state.mapping = { ...state.preview.mapping };
      if (!state.preview) state.error = t('import.noPreview');
    } catch (err) {
      state.error = t('import.previewFailed', { message: (err as Error).message });
    }
    state.busy = false;
    this.render();
  }

  private async commit(): Promise<void> {
    const state = this.state;
    if (!state?.file || state.busy) return;
    state.busy = true;
    state.error = '';
    this.render();
    try {
      const mapping = state.preview?.format === 'csv' && state.mapping ? state.mapping : undefined;
      state.result = await this.deps.files.import(state.layer.id, state.file, { mode: state.mode, mapping });
      this.deps.onImported(state.layer.id);
    } catch (err) {
      state.error = t('import.failed', { message: (err as Error).message });
      const rejected = err instanceof ApiError ? (err.details as { rejected?: ImportProblem[] } | undefined)?.rejected : undefined;
      state.rejected = Array.isArray(rejected) ? rejected : [];
    }
    state.busy = false;
    this.render();
  }

  private render(): void {
    const state = this.state;
    if (!state) return;
    const input = h('input', { type: 'file', id: 'import-file', accept: ACCEPT });
    input.addEventListener('change', () => input.files?.[0] && void this.choose(input.files[0]));
    const drop = h('div', { class: 'drop-zone' }, h('label', { for: 'import-file' }, t('import.choose')), input, h('p', { class: 'hint' }, t('import.dropHint')));
    drop.addEventListener('dragover', (event) => event.preventDefault());
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      const file = event.dataTransfer?.files[0];
      if (file) void this.choose(file);
    });
    replaceChildren(
      this.dialog,
      h('h2', { id: 'import-heading' }, t('import.heading', { layer: localized(state.layer.title) })),
      drop,
      state.file && h('p', { class: 'import-file-name' }, state.file.name, state.busy && ` — ${t('import.reading')}`),
      state.preview && this.previewSection(state, state.preview),
      state.result && this.resultSection(state.result),
      h('p', { class: 'form-error', role: 'alert' }, state.error),
      state.rejected.length > 0 && this.problemList(state.rejected, t('import.rejectedRows', { count: formatNumber(state.rejected.length) })),
      this.actions(state),
    );
  }

  private previewSection(state: State, preview: ImportPreview): HTMLElement {
    const columns = preview.columns.slice(0, MAX_COLUMNS);
    return h(
      'section',
      { class: 'import-preview', 'aria-label': t('import.preview') },
      h('p', { class: 'import-facts', 'data-testid': 'import-facts' }, t('import.facts', { format: preview.format, encoding: preview.encoding ?? '—', crs: crsName(preview.crs), rows: formatNumber(preview.total ?? preview.rows.length) })),
      preview.local && h('p', { class: 'hint' }, t('import.localPreview')),
      h('p', {}, t('import.columns', { columns: preview.columns.join(', ') || '—' })),
      preview.format === 'csv' && state.mapping && this.mappingTable(state, preview),
      h(
        'div',
        { class: 'table-scroll', tabindex: '0', role: 'region', 'aria-label': t('import.firstRows') },
        h(
          'table',
          { class: 'result-table' },
          h('caption', {}, t('import.firstRows')),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('import.row')), ...columns.map((c) => h('th', { scope: 'col' }, c)), h('th', { scope: 'col' }, t('import.problem')))),
          h(
            'tbody',
            {},
            ...preview.rows.map((row) =>
              h('tr', { class: row.problem ? 'has-problem' : '' }, h('td', { class: 'num' }, String(row.row)), ...columns.map((c) => h('td', {}, String(row.columns[c] ?? ''))), h('td', {}, row.problem?.reason ?? '✓')),
            ),
          ),
        ),
      ),
      preview.problems.length > 0
        ? this.problemList(preview.problems, t('import.problemRows', { count: formatNumber(preview.problems.length) }))
        : h('p', { class: 'import-ok' }, t('import.noProblems')),
    );
  }

  private mappingTable(state: State, preview: ImportPreview): HTMLElement {
    const targets = ['lat', 'lon', ...state.layer.properties.map((p) => p.name)];
    const label = (target: string) => (target === 'lat' ? t('import.lat') : target === 'lon' ? t('import.lon') : propertyLabel(target));
    return h(
      'fieldset',
      { class: 'mapping' },
      h('legend', {}, t('import.mapping')),
      ...targets.map((target) => {
        const id = `map-${target}`;
        const select = h('select', { id }, h('option', { value: '' }, t('import.unmapped')), ...preview.columns.map((c) => h('option', { value: c }, c)));
        select.value = state.mapping?.[target] ?? '';
        select.addEventListener('change', () => {
          const mapping = { ...state.mapping };
          if (select.value) mapping[target] = select.value;
          else delete mapping[target];
          state.mapping = mapping;
          void this.preview();
        });
        return h('div', { class: 'mapping-row' }, h('label', { for: id }, label(target)), select);
      }),
    );
  }

  private problemList(problems: readonly ImportProblem[], title: string): HTMLElement {
    return h(
      'div',
      { class: 'problems', role: 'region', 'aria-label': title },
      h('p', { class: 'problems-title' }, title),
      h('ul', {}, ...problems.slice(0, MAX_PROBLEMS).map((p) => h('li', {}, t('import.problemRow', { row: p.row, reason: p.reason })))),
    );
  }

  private resultSection(result: ImportResult): HTMLElement {
    return h(
      'div',
      { class: 'import-result', role: 'status' },
      h('p', {}, t('import.done', { imported: formatNumber(result.imported), rejected: formatNumber(result.rejected.length) })),
      result.rejected.length > 0 && this.problemList(result.rejected, t('import.skippedRows', { count: formatNumber(result.rejected.length) })),
    );
  }

  private actions(state: State): HTMLElement {
    const radio = (mode: ImportMode) => {
      const input = h('input', { type: 'radio', name: 'import-mode', id: `import-mode-${mode}`, value: mode, checked: state.mode === mode });
      input.addEventListener('change', () => (state.mode = mode));
      return h('label', { class: 'choice', for: `import-mode-${mode}` }, input, t(mode === 'strict' ? 'import.strict' : 'import.skipInvalid'));
    };
    return h(
      'div',
      { class: 'dialog-actions' },
      h('fieldset', { class: 'choice-row' }, h('legend', {}, t('import.mode')), radio('strict'), radio('skip-invalid')),
      h('button', { type: 'button', class: 'button button-primary', disabled: !state.file || state.busy || state.result !== null, onclick: () => void this.commit() }, t('import.commit')),
      h('button', { type: 'button', class: 'button', onclick: () => this.dialog.close() }, t('import.close')),
    );
  }
}
