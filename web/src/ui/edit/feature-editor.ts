import { ApiError, type ApiClient, type GeoFeature, type Geometry, type LayerInfo } from '../../api/client';
import { localized, onLangChange, t, type MessageKey } from '../../i18n';
import type { MapController } from '../../map/map-controller';
import type { ViewportPoints } from '../../map/viewport-points';
import { isValidDraft, type DraftCamera } from '../../what-if/what-if-model';
import { WhatIfSession } from '../../what-if/what-if-session';
import { h, replaceChildren } from '../dom';
import type { GeometryHandles } from './geometry-handles';
import { changedValues, checkForm, geometryProblem, parseField } from './property-form-model';
import { PropertyForm } from './property-form';
import { mountWhatIfSummary } from './what-if-summary';

export interface EditorDeps {
  readonly api: ApiClient;
  readonly controller: MapController;
  readonly handles: GeometryHandles;
  readonly points: ViewportPoints;
  /** A feature was created, changed (its new state) or deleted (null). */
  readonly onSaved: (layerId: string, feature: GeoFeature | null) => void;
  readonly onClose: () => void;
}

type Mode = 'create' | 'edit' | 'delete';

const HEADINGS: Record<Mode, MessageKey> = { create: 'edit.heading.create', edit: 'edit.heading.edit', delete: 'edit.heading.delete' };

interface Session {
  readonly mode: Mode;
  readonly layer: LayerInfo;
  readonly id?: string | number;
  version?: number;
  stored: GeoFeature | null;
  geometry: Geometry | null;
  form?: PropertyForm;
  whatIf?: WhatIfSession;
  summary?: ReturnType<typeof mountWhatIfSummary>;
  error: string;
  conflict: boolean;
  busy: boolean;
}

/** Defaults a new feature starts from: a camera looking north over 90° and 30 m, planned until built. */
export function newFeatureDefaults(layer: LayerInfo): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of layer.properties) {
    if (p.name === 'status' && p.values?.includes('planned')) values.status = 'planned';
    else if (p.type === 'enum' && p.required && p.values?.length) values[p.name] = p.values[0];
  }
  if (layer.id === 'cameras') Object.assign(values, { bearing_deg: 0, hfov_deg: 90, range_m: 30, night_capable: false });
  if (layer.id === 'streetlights') values.radius_m = 15;
  return values;
}

/**
 * Creating, editing and deleting one feature through the API. Edits send `If-Match` with the
 * version read, so a feature someone else changed meanwhile is never overwritten: the editor
 * says so and offers to load the current state.
 */
export class FeatureEditor {
  readonly element = h('div', { class: 'feature-editor' });
  private session: Session | null = null;

  constructor(private readonly deps: EditorDeps) {
    onLangChange(() => {
      this.session?.form?.relabel();
      this.render();
    });
  }

  get isOpen(): boolean {
    return this.session !== null;
  }

  openNew(layer: LayerInfo, geometry: Geometry, values: Record<string, unknown> = {}): void {
    this.begin({ mode: 'create', layer, stored: null, geometry, error: '', conflict: false, busy: false }, { ...newFeatureDefaults(layer), ...values });
  }

  async openExisting(layer: LayerInfo, id: string | number, mode: 'edit' | 'delete'): Promise<void> {
    this.close(false);
    const session: Session = { mode, layer, id, stored: null, geometry: null, error: '', conflict: false, busy: true };
    this.session = session;
    this.render();
    try {
      const { feature, version } = await this.deps.api.feature(layer.id, id);
      if (this.session !== session) return;
      this.session = null;
      this.begin({ ...session, version, stored: feature, geometry: feature.geometry, busy: false }, feature.properties);
    } catch (err) {
      session.busy = false;
      session.error = t('edit.loadFailed', { message: messageOf(err) });
      this.render();
    }
  }

  close(notify = true): void {
    const session = this.session;
    if (!session) return;
    session.whatIf?.close();
    this.session = null;
    this.deps.handles.clear();
    this.deps.points.exclude('cameras', null);
    this.deps.controller.setSelectionEnabled(true);
    replaceChildren(this.element);
    if (notify) this.deps.onClose();
  }

  private begin(session: Session, values: Readonly<Record<string, unknown>>): void {
    this.close(false);
    this.session = session;
    this.deps.controller.setSelectionEnabled(false);
    if (session.mode !== 'delete') {
      session.form = new PropertyForm(session.layer.properties, values, `edit-${session.layer.id}`, (name) => this.onInput(name));
      this.attachGeometry(session);
    }
    this.render();
  }

  private attachGeometry(session: Session): void {
    const geometry = session.geometry;
    if (geometry?.type !== 'Point') {
      if (geometry) this.deps.handles.showShape(geometry);
      return;
    }
    const draft = this.draftCamera();
    if (session.layer.id === 'cameras' && draft) {
      if (session.id !== undefined) this.deps.points.exclude('cameras', session.id);
      session.whatIf = new WhatIfSession(this.deps.api, this.deps.controller, session.id);
      const summary = (session.summary = mountWhatIfSummary());
      session.whatIf.onReport((report) => summary.show(report));
      this.deps.handles.showCamera(draft, (next) => this.cameraDragged(next));
      session.whatIf.update(draft);
      return;
    }
    this.deps.handles.showPoint([geometry.coordinates[0], geometry.coordinates[1]], (at) => {
      session.geometry = { type: 'Point', coordinates: [at[0], at[1]] };
    });
  }

  /** The camera as the form has it now, or null while a view field is invalid. */
  private draftCamera(): DraftCamera | null {
    const session = this.session;
    if (session?.geometry?.type !== 'Point' || !session.form) return null;
    const raw = session.form.raw();
    const number = (name: string) => {
      const schema = session.layer.properties.find((p) => p.name === name);
      const parsed = schema ? parseField(schema, raw[name] ?? '') : null;
      return parsed?.ok && typeof parsed.value === 'number' ? parsed.value : NaN;
    };
    const [lon, lat] = session.geometry.coordinates;
    const draft = { at: [lon, lat] as const, bearingDeg: number('bearing_deg'), hfovDeg: number('hfov_deg'), rangeM: number('range_m') };
    return isValidDraft(draft) ? draft : null;
  }

  private cameraDragged(draft: DraftCamera): void {
    const session = this.session;
    if (!session?.form) return;
    session.geometry = { type: 'Point', coordinates: [draft.at[0], draft.at[1]] };
    session.form.set('bearing_deg', draft.bearingDeg);
    session.form.set('hfov_deg', draft.hfovDeg);
    session.form.set('range_m', draft.rangeM);
    session.whatIf?.update(draft);
  }

  private onInput(name: string): void {
    const session = this.session;
    if (!session?.form) return;
    const schema = session.layer.properties.find((p) => p.name === name);
    const parsed = schema ? parseField(schema, session.form.raw()[name] ?? '') : null;
    session.form.showError(name, parsed && !parsed.ok ? parsed.message : '');
    if (session.layer.id !== 'cameras' || !['bearing_deg', 'hfov_deg', 'range_m'].includes(name)) return;
    const draft = this.draftCamera();
    if (draft) {
      this.deps.handles.setCamera(draft);
      session.whatIf?.update(draft);
    }
  }

  private async save(): Promise<void> {
    const session = this.session;
    if (!session?.form || session.busy) return;
    const check = checkForm(session.layer.properties, session.form.raw());
    const geometryError = geometryProblem(session.geometry);
    session.error = geometryError ?? (Object.keys(check.errors).length > 0 ? t('edit.fixFields') : '');
    if (session.error) {
      this.render();
      session.form.showErrors(check.errors, true);
      return;
    }
    session.form.showErrors({}, false);
    await this.write(session, async () => {
      if (session.mode === 'create') {
        const properties = Object.fromEntries(Object.entries(check.values).filter(([, v]) => v !== null));
        return (await this.deps.api.createFeature(session.layer.id, { type: 'Feature', geometry: session.geometry, properties })).feature;
      }
      const patch: { properties: Record<string, unknown>; geometry?: Geometry } = { properties: changedValues(check.values, session.stored?.properties ?? {}) };
      if (JSON.stringify(session.geometry) !== JSON.stringify(session.stored?.geometry)) patch.geometry = session.geometry!;
      return (await this.deps.api.updateFeature(session.layer.id, session.id!, session.version!, patch)).feature;
    });
  }

  private async remove(): Promise<void> {
    const session = this.session;
    if (!session || session.busy) return;
    await this.write(session, async () => {
      await this.deps.api.deleteFeature(session.layer.id, session.id!, session.version!);
      return null;
    });
  }

  private async write(session: Session, request: () => Promise<GeoFeature | null>): Promise<void> {
    session.busy = true;
    session.error = '';
    this.render();
    try {
      const feature = await request();
      this.close(false);
      this.deps.onSaved(session.layer.id, feature);
    } catch (err) {
      session.busy = false;
      session.conflict = err instanceof ApiError && err.code === 'VERSION_CONFLICT';
      session.error = session.conflict ? t('edit.conflict') : t('edit.saveFailed', { message: messageOf(err) });
      this.render();
    }
  }

  /** After a conflict: the feature as it is now, replacing the draft. */
  private async reload(): Promise<void> {
    const session = this.session;
    if (!session || session.id === undefined) return;
    await this.openExisting(session.layer, session.id, session.mode === 'delete' ? 'delete' : 'edit');
  }

  private render(): void {
    const session = this.session;
    if (!session) return replaceChildren(this.element);
    const title = localized(session.layer.title);
    const heading = t(HEADINGS[session.mode], { layer: title, id: session.id ?? '' });
    const alert = h('p', { class: 'form-error', role: 'alert' }, session.error);
    const actions = session.conflict
      ? [
          h('button', { type: 'button', class: 'button button-primary', onclick: () => void this.reload() }, t('edit.reload')),
          h('button', { type: 'button', class: 'button', onclick: () => this.close() }, t('edit.discard')),
        ]
      : [
          session.mode === 'delete'
            ? h('button', { type: 'button', class: 'button button-danger', disabled: session.busy || session.version === undefined, onclick: () => void this.remove() }, t('edit.confirmDelete'))
            : h('button', { type: 'submit', class: 'button button-primary', disabled: session.busy }, session.busy ? t('edit.saving') : t('edit.save')),
          h('button', { type: 'button', class: 'button', onclick: () => this.close() }, t('edit.cancel')),
        ];
    const body =
      session.mode === 'delete'
        ? h('p', { class: 'delete-question' }, session.busy && !session.stored ? t('edit.loading') : t('edit.deleteQuestion', { layer: title, id: session.id ?? '' }))
        : (session.form?.element ?? h('p', { class: 'hint' }, t('edit.loading')));
    const form = h('form', { class: 'edit-form', novalidate: true, 'aria-label': heading }, body, session.summary?.element, alert, h('div', { class: 'form-actions' }, ...actions));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    replaceChildren(this.element, h('h3', { class: 'editor-heading' }, heading), form);
  }
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
