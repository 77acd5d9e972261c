import type { MessageKey } from '../../i18n';

/**
 * The parameters of each analysis type as form fields (ARCHITECTURE.md, "Analysis params and
 * results"; workers/src/contracts). Pure data and functions: the panel renders the fields, and
 * `checkParams` refuses what the API would refuse, naming the field.
 */
interface FieldBase {
  readonly name: string;
  readonly label: MessageKey;
  /** Shown (and checked) only while another field has this value, e.g. `k` for max-coverage. */
  readonly when?: { readonly field: string; readonly equals: string };
}

export interface Choice {
  readonly value: string;
  readonly label: MessageKey;
}

export type ParamField =
  | (FieldBase & { readonly kind: 'select'; readonly options: readonly Choice[]; readonly initial: string })
  | (FieldBase & { readonly kind: 'number'; readonly min: number; readonly max: number; readonly exclusiveMin?: boolean; readonly integer?: boolean; readonly initial: number | null; readonly required: boolean })
  | (FieldBase & { readonly kind: 'checkbox'; readonly initial: boolean })
  | (FieldBase & { readonly kind: 'checkboxes'; readonly options: readonly Choice[]; readonly initial: readonly string[] })
  | (FieldBase & { readonly kind: 'date'; readonly initial: (today: Date) => string })
  | (FieldBase & { readonly kind: 'ids' })
  | (FieldBase & { readonly kind: 'text' })
  /** A select whose options are data read at run time (e.g. the schools of the school-routes layer); '' means any. */
  | (FieldBase & { readonly kind: 'choice'; readonly source: ChoiceSource; readonly any: MessageKey })
  | (FieldBase & { readonly kind: 'json' });

/** Lists of values the panel loads from the API for `choice` fields. */
export type ChoiceSource = 'schools';

export type RawParam = string | boolean | readonly string[];
export type RawParams = Record<string, RawParam>;
type Value = string | number | boolean | null | readonly string[] | readonly number[] | Record<string, unknown>;
export type Values = Record<string, Value>;

export interface AnalysisForm {
  readonly type: string;
  readonly title: MessageKey;
  readonly description: MessageKey;
  readonly fields: readonly ParamField[];
  /** The request's `params` from checked values; a message key per field for cross-field problems. */
  readonly build: (values: Values) => { params: Record<string, unknown>; errors?: Record<string, MessageKey> };
}

const TARGETS: readonly Choice[] = [
  { value: 'school-routes', label: 'params.targets.schoolRoutes' },
  { value: 'roads', label: 'params.targets.roads' },
];

const MAX_COVERAGE = { field: 'objective', equals: 'max-coverage' };
const MIN_COST = { field: 'objective', equals: 'min-cost-cover' };

const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysFrom = (today: Date, days: number) => isoDay(new Date(today.getFullYear(), today.getMonth(), today.getDate() + days));

/** Keeps the entries that are set (drops null, empty strings and empty lists). */
function defined(entries: Record<string, Value | undefined>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
}

export const ANALYSIS_FORMS: readonly AnalysisForm[] = [
  {
    type: 'coverage',
    title: 'analysis.coverage',
    description: 'analysis.coverage.description',
    fields: [
      { name: 'targets', label: 'params.targets', kind: 'select', options: TARGETS, initial: 'school-routes' },
      { name: 'sources', label: 'params.sources', kind: 'checkboxes', options: [{ value: 'cameras', label: 'params.sources.cameras' }, { value: 'streetlights', label: 'params.sources.streetlights' }], initial: ['cameras', 'streetlights'] },
      { name: 'occlusion', label: 'params.occlusion', kind: 'checkbox', initial: true },
      { name: 'includePlanned', label: 'params.includePlanned', kind: 'checkbox', initial: false },
      { name: 'night', label: 'params.night', kind: 'checkbox', initial: false },
      {
        name: 'dori',
        label: 'params.dori',
        kind: 'select',
        initial: '',
        options: [
          { value: '', label: 'params.dori.none' },
          { value: 'detect', label: 'params.dori.detect' },
          { value: 'observe', label: 'params.dori.observe' },
          { value: 'recognise', label: 'params.dori.recognise' },
          { value: 'identify', label: 'params.dori.identify' },
        ],
      },
      { name: 'minGapM', label: 'params.minGapM', kind: 'number', min: 0, max: 10000, initial: 5, required: true },
      { name: 'ids', label: 'params.ids', kind: 'ids' },
    ],
    build: (v) => ({ params: defined({ targets: v.targets, sources: v.sources, occlusion: v.occlusion, includePlanned: v.includePlanned, night: v.night, dori: v.dori, minGapM: v.minGapM, ids: v.ids }) }),
  },
  {
    type: 'siting',
    title: 'analysis.siting',
    description: 'analysis.siting.description',
    fields: [
      { name: 'objective', label: 'params.objective', kind: 'select', initial: 'max-coverage', options: [{ value: 'max-coverage', label: 'params.objective.maxCoverage' }, { value: 'min-cost-cover', label: 'params.objective.minCost' }] },
      { name: 'k', label: 'params.k', kind: 'number', min: 1, max: 1000, integer: true, initial: 5, required: false, when: MAX_COVERAGE },
      { name: 'budgetYen', label: 'params.budgetYen', kind: 'number', min: 0, exclusiveMin: true, max: 1e12, initial: null, required: false, when: MAX_COVERAGE },
      { name: 'coverPct', label: 'params.coverPct', kind: 'number', min: 0, exclusiveMin: true, max: 100, initial: 100, required: false, when: MIN_COST },
      { name: 'targets', label: 'params.targets', kind: 'select', options: TARGETS, initial: 'school-routes' },
      { name: 'hfovDeg', label: 'params.hfovDeg', kind: 'number', min: 0, exclusiveMin: true, max: 360, initial: 90, required: true },
      { name: 'rangeM', label: 'params.rangeM', kind: 'number', min: 0, exclusiveMin: true, max: 1000, initial: 30, required: true },
      { name: 'costYen', label: 'params.costYen', kind: 'number', min: 0, exclusiveMin: true, max: 1e10, initial: 250000, required: true },
      { name: 'includePlanned', label: 'params.includePlanned', kind: 'checkbox', initial: false },
      { name: 'occlusion', label: 'params.occlusion', kind: 'checkbox', initial: true },
    ],
    build: (v) => {
      const common = { targets: v.targets, includePlanned: v.includePlanned, occlusion: v.occlusion, camera: { hfovDeg: v.hfovDeg, rangeM: v.rangeM, costYen: v.costYen } };
      if (v.objective === 'min-cost-cover') return { params: defined({ objective: v.objective, coverPct: v.coverPct, ...common }) };
      if (v.k === null && v.budgetYen === null) return { params: {}, errors: { k: 'params.kOrBudget' } };
      return { params: defined({ objective: v.objective, k: v.k, budgetYen: v.budgetYen, ...common }) };
    },
  },
  {
    type: 'beat-stats',
    title: 'analysis.beatStats',
    description: 'analysis.beatStats.description',
    fields: [{ name: 'ids', label: 'params.beatIds', kind: 'ids' }],
    build: (v) => ({ params: defined({ ids: v.ids }) }),
  },
  {
    type: 'beat-check',
    title: 'analysis.beatCheck',
    description: 'analysis.beatCheck.description',
    fields: [
      { name: 'jurisdiction', label: 'params.jurisdiction', kind: 'number', min: 1, max: Number.MAX_SAFE_INTEGER, integer: true, initial: null, required: false },
      { name: 'ids', label: 'params.beatIds', kind: 'ids' },
      { name: 'sliverMaxM2', label: 'params.sliverMaxM2', kind: 'number', min: 0, max: 1_000_000, initial: 50, required: true },
      { name: 'officersPerBeat', label: 'params.officersPerBeat', kind: 'number', min: 0.1, max: 1000, initial: null, required: false },
    ],
    build: (v) => ({
      params: defined({ jurisdiction: v.jurisdiction === null ? null : { layer: 'areas', id: v.jurisdiction }, ids: v.ids, sliverMaxM2: v.sliverMaxM2, officersPerBeat: v.officersPerBeat }),
    }),
  },
  {
    type: 'patrol-coverage',
    title: 'analysis.patrolCoverage',
    description: 'analysis.patrolCoverage.description',
    fields: [
      { name: 'from', label: 'params.from', kind: 'date', initial: (today) => daysFrom(today, -60) },
      { name: 'to', label: 'params.to', kind: 'date', initial: (today) => daysFrom(today, 1) },
      {
        name: 'kinds',
        label: 'params.kinds',
        kind: 'checkboxes',
        options: [{ value: 'police', label: 'legend.patrolPolice' }, { value: 'volunteer', label: 'legend.patrolVolunteer' }, { value: 'foot', label: 'legend.patrolFoot' }],
        initial: ['police', 'volunteer', 'foot'],
      },
      { name: 'toleranceM', label: 'params.toleranceM', kind: 'number', min: 1, max: 100, initial: 15, required: true },
      { name: 'minCoveredPct', label: 'params.minCoveredPct', kind: 'number', min: 1, max: 100, initial: 50, required: true },
    ],
    build: (v) => {
      if (typeof v.from === 'string' && typeof v.to === 'string' && v.from >= v.to) return { params: {}, errors: { to: 'params.toAfterFrom' } };
      return { params: defined({ from: v.from, to: v.to, kinds: v.kinds, toleranceM: v.toleranceM, minCoveredPct: v.minCoveredPct }) };
    },
  },
  {
    type: 'route-audit',
    title: 'analysis.routeAudit',
    description: 'analysis.routeAudit.description',
    fields: [
      { name: 'school', label: 'params.school', kind: 'choice', source: 'schools', any: 'params.school.all' },
      { name: 'period', label: 'params.period', kind: 'select', initial: '', options: [{ value: '', label: 'params.period.any' }, { value: 'morning', label: 'params.period.morning' }, { value: 'afternoon', label: 'params.period.afternoon' }] },
      { name: 'ids', label: 'params.routeIds', kind: 'ids' },
      { name: 'night', label: 'params.night', kind: 'checkbox', initial: false },
      { name: 'includePlanned', label: 'params.includePlanned', kind: 'checkbox', initial: false },
    ],
    build: (v) => ({ params: defined({ school: v.school, period: v.period, ids: v.ids, night: v.night, includePlanned: v.includePlanned }) }),
  },
];

/** The form for a type this app does not know yet: its params as JSON. */
export function genericForm(type: string): AnalysisForm {
  return {
    type,
    title: 'analysis.other',
    description: 'analysis.other.description',
    fields: [{ name: 'params', label: 'params.json', kind: 'json' }],
    build: (v) => ({ params: (v.params as Record<string, unknown> | null) ?? {} }),
  };
}

/** Whether a field applies given the other fields' current values. */
export function applies(field: ParamField, raw: Readonly<RawParams>): boolean {
  return !field.when || raw[field.when.field] === field.when.equals;
}

export function formFor(type: string): AnalysisForm {
  return ANALYSIS_FORMS.find((form) => form.type === type) ?? genericForm(type);
}

export function initialParams(form: AnalysisForm, today = new Date()): RawParams {
  const raw: RawParams = {};
  for (const field of form.fields) {
    switch (field.kind) {
      case 'select':
      case 'checkbox':
        raw[field.name] = field.initial;
        break;
      case 'checkboxes':
        raw[field.name] = field.initial;
        break;
      case 'number':
        raw[field.name] = field.initial === null ? '' : String(field.initial);
        break;
      case 'date':
        raw[field.name] = field.initial(today);
        break;
      case 'ids':
      case 'text':
      case 'choice':
        raw[field.name] = '';
        break;
      case 'json':
        raw[field.name] = '{}';
        break;
    }
  }
  return raw;
}
