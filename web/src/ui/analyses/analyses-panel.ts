import type { AnalysesApi } from '../../api/analyses-api';
import type { Capabilities } from '../../api/capabilities';
import { ApiError, isTerminal, type GeoFeature } from '../../api/client';
import type { FilesApi } from '../../api/files-api';
import { onLangChange, t } from '../../i18n';
import type { MapController } from '../../map/map-controller';
import { h, replaceChildren } from '../dom';
import { ANALYSIS_FORMS, formFor } from './analysis-forms';
import { checkParams } from './analysis-params-check';
import { ParamsForm, type ChoiceLists } from './params-form';
import { RunResults } from './run-results';
import { runList } from './run-list';
import { RunTracker } from './run-tracker';

export interface AnalysesPanelDeps {
  readonly analyses: AnalysesApi;
  readonly files: FilesApi;
  readonly controller: MapController;
  readonly capabilities: () => Capabilities;
  readonly acceptSite: (site: GeoFeature) => void;
}

/**
 * Starting analyses with their parameters, the recent runs with live progress, and the results
 * of the run shown on the map. Runs need a signed-in user (the API refuses anonymous requests).
 */
export class AnalysesPanel {
  private readonly tracker: RunTracker;
  private readonly results: RunResults;
  private readonly formBox = h('div', { class: 'analysis-start' });
  private readonly listBox = h('div', { class: 'analysis-runs' });
  private signedIn = false;
  private type: string = ANALYSIS_FORMS[0].type;
  private form: ParamsForm | null = null;
  private knownTypes: readonly string[] | null = null;
  private error = '';
  private busy = false;
  private selected: string | null = null;
  /** Values of `choice` fields (the schools), loaded once per sign-in when a form first needs them. */
  private choices: ChoiceLists = {};
  private loadingSchools: Promise<void> | null = null;
  /** Runs started here, shown on the map as soon as they succeed. */
  private readonly autoShow = new Set<string>();

  constructor(
    private readonly container: HTMLElement,
    private readonly deps: AnalysesPanelDeps,
  ) {
    this.tracker = new RunTracker(deps.analyses);
    this.results = new RunResults({ ...deps });
    this.tracker.onChange(() => this.runsChanged());
    onLangChange(() => this.render());
    this.render();
  }

  /** The user signed in or out: runs are per user, so the list starts again. */
  setSignedIn(signedIn: boolean): void {
    this.signedIn = signedIn;
    this.choices = {};
    this.loadingSchools = null;
    this.tracker.reset();
    this.error = '';
    this.render();
    if (signedIn) {
      void this.tracker.refresh().catch((err: Error) => this.fail(err));
      if (this.selected) void this.showRun(this.selected);
    }
  }

  /** Shows a run's results (a deep link, or the user's choice); null hides them. */
  async showRun(id: string | null): Promise<void> {
    this.selected = id;
    await this.deps.controller.showRun(id);
    if (!id || !this.signedIn) {
      void this.results.show(null);
      return this.renderList();
    }
    const run = this.tracker.find(id) ?? (await this.tracker.load(id).catch((err: Error) => this.fail(err)));
    if (!run && this.selected === id) {
      // A link to a run that no longer exists (or is not ours to see): show none rather than failing tiles.
      this.selected = null;
      await this.deps.controller.showRun(null);
    }
    if (run && !isTerminal(run.status)) this.autoShow.add(id);
    this.renderList();
    if (run && this.selected === id) {
      await this.results.show(run);
      this.results.element.scrollIntoView({ block: 'nearest' });
    }
  }

  private types(): string[] {
    const known = this.knownTypes ?? this.deps.capabilities().analysisTypes;
    if (!known) return ANALYSIS_FORMS.map((f) => f.type);
    const ordered = ANALYSIS_FORMS.map((f) => f.type).filter((type) => known.includes(type));
    return [...ordered, ...known.filter((type) => !ordered.includes(type))];
  }

  /** Draws the panel again (e.g. once the API's analysis types are known). */
  render(): void {
    const heading = h('h2', { class: 'panel-title', id: 'analyses-heading' }, t('analyses.heading'));
    if (!this.signedIn) {
      replaceChildren(this.container, heading, h('p', { class: 'hint' }, t('analyses.signIn')));
      return;
    }
    this.renderForm();
    this.renderList();
    replaceChildren(this.container, heading, this.formBox, h('h3', { class: 'subheading' }, t('runs.heading')), this.listBox, this.results.element);
  }

  private renderForm(): void {
    const types = this.types();
    if (!types.includes(this.type)) this.type = types[0];
    const select = h('select', { id: 'analysis-type' }, ...types.map((type) => h('option', { value: type }, formFor(type).title === 'analysis.other' ? type : t(formFor(type).title))));
    select.value = this.type;
    select.addEventListener('change', () => {
      this.type = select.value;
      this.error = '';
      this.renderForm();
      this.formBox.querySelector<HTMLSelectElement>('#analysis-type')?.focus();
    });
    const definition = formFor(this.type);
    this.form = new ParamsForm(definition, this.choices);
    if (this.form.uses('schools')) this.loadSchools();
    const form = h(
      'form',
      { class: 'analysis-form', novalidate: true, 'aria-labelledby': 'analyses-heading' },
      h('div', { class: 'field' }, h('label', { for: 'analysis-type' }, t('analyses.type')), select),
      h('p', { class: 'hint' }, t(definition.description)),
      this.form.element,
      h('p', { class: 'form-error', role: 'alert' }, this.error),
      h('button', { type: 'submit', class: 'button button-primary', disabled: this.busy }, this.busy ? t('analyses.starting') : t('analyses.start')),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.start();
    });
    replaceChildren(this.formBox, form);
  }

  private loadSchools(): void {
    if (this.choices.schools || this.loadingSchools || !this.signedIn) return;
    const loading = this.deps.analyses
      .routeSchools()
      .then((schools) => {
        if (this.loadingSchools !== loading) return;
        this.choices = { ...this.choices, schools };
        this.form?.setChoices('schools', schools);
      })
      .catch((err: Error) => {
        if (this.loadingSchools !== loading) return;
        this.loadingSchools = null;
        this.error = t('params.school.failed', { message: err.message });
        this.setFormState();
      });
    this.loadingSchools = loading;
  }

  private renderList(): void {
    replaceChildren(
      this.listBox,
      runList(this.tracker.list, this.selected, {
        select: (run) => void this.showRun(run.id === this.selected ? null : run.id),
        cancel: (run) => void this.tracker.cancel(run.id).catch((err: Error) => this.fail(err)),
      }),
    );
  }

  private async start(): Promise<void> {
    if (!this.form || this.busy) return;
    const check = checkParams(this.form.form, this.form.raw());
    this.form.showErrors(check.errors);
    if (!check.params) return;
    this.busy = true;
    this.error = '';
    this.setFormState();
    try {
      const run = await this.tracker.start(this.type, check.params);
      this.autoShow.add(run.id);
      if (run.status === 'succeeded') await this.showRun(run.id);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'UNKNOWN_ANALYSIS_TYPE') {
        const known = (err.details as { known?: unknown } | undefined)?.known;
        if (Array.isArray(known)) this.knownTypes = known.filter((k): k is string => typeof k === 'string');
      }
      this.error = t('analyses.startFailed', { message: err instanceof Error ? err.message : String(err) });
    } finally {
      this.busy = false;
    }
    this.setFormState();
  }

  /** Updates the error line and button without rebuilding the fields (which would lose the input). */
  private setFormState(): void {
    const alert = this.formBox.querySelector('.form-error');
    const button = this.formBox.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (alert) alert.textContent = this.error;
    if (button) {
      button.disabled = this.busy;
      button.textContent = this.busy ? t('analyses.starting') : t('analyses.start');
    }
    if (this.knownTypes && !this.knownTypes.includes(this.type)) this.renderForm();
  }

  private runsChanged(): void {
    this.renderList();
    for (const id of this.autoShow) {
      const run = this.tracker.find(id);
      if (run?.status === 'succeeded') {
        this.autoShow.delete(id);
        void this.showRun(id);
      } else if (run && run.status !== 'queued' && run.status !== 'running') this.autoShow.delete(id);
    }
  }

  private fail(err: Error): undefined {
    this.error = err.message;
    this.setFormState();
    return undefined;
  }
}

