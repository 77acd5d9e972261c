import { t } from '../../i18n';
import { h } from '../dom';
import { applies, initialParams, type AnalysisForm, type ChoiceSource, type ParamField, type RawParam, type RawParams } from './analysis-forms';

/** The values loaded so far for each choice source; a missing source is still loading (or failed). */
export type ChoiceLists = Partial<Record<ChoiceSource, readonly string[]>>;

interface Control {
  readonly field: ParamField;
  readonly row: HTMLElement;
  readonly read: () => RawParam;
  readonly focus: () => void;
  readonly error: HTMLElement;
}

function choiceOptions(any: string, values: readonly string[] | undefined): HTMLOptionElement[] {
  return [h('option', { value: '' }, any), ...(values ?? []).map((value) => h('option', { value }, value))];
}

function inputFor(field: ParamField, id: string, initial: RawParam, choices: ChoiceLists): { element: HTMLElement; read: () => RawParam; focus: () => void } {
  switch (field.kind) {
    case 'choice': {
      const values = choices[field.source];
      const select = h('select', { id, 'data-choices': field.source, 'aria-busy': values ? null : 'true' }, ...choiceOptions(t(field.any), values));
      select.value = String(initial);
      return { element: select, read: () => select.value, focus: () => select.focus() };
    }
    case 'select': {
      const select = h('select', { id }, ...field.options.map((o) => h('option', { value: o.value }, t(o.label))));
      select.value = String(initial);
      return { element: select, read: () => select.value, focus: () => select.focus() };
    }
    case 'checkbox': {
      const box = h('input', { id, type: 'checkbox', checked: initial === true });
      return { element: box, read: () => box.checked, focus: () => box.focus() };
    }
    case 'checkboxes': {
      const chosen = Array.isArray(initial) ? initial : [];
      const boxes = field.options.map((o) => ({ value: o.value, box: h('input', { type: 'checkbox', id: `${id}-${o.value}`, checked: chosen.includes(o.value) }), label: t(o.label) }));
      const element = h('div', { class: 'choice-row', id, role: 'group' }, ...boxes.map(({ box, label }) => h('label', { class: 'choice' }, box, label)));
      return { element, read: () => boxes.filter((b) => b.box.checked).map((b) => b.value), focus: () => boxes[0]?.box.focus() };
    }
    case 'json': {
      const area = h('textarea', { id, rows: 4, spellcheck: 'false' }, String(initial));
      return { element: area, read: () => area.value, focus: () => area.focus() };
    }
    case 'number':
    case 'date':
    case 'ids':
    case 'text': {
      const type = field.kind === 'number' ? 'number' : field.kind === 'date' ? 'date' : 'text';
      const attrs = field.kind === 'number' ? { min: field.min, max: field.max, step: field.integer ? 1 : 'any' } : {};
      const input = h('input', { id, type, value: String(initial), ...attrs, ...(field.kind === 'ids' ? { placeholder: '1, 2, 3', inputmode: 'numeric' } : {}) });
      return { element: input, read: () => input.value, focus: () => input.focus() };
    }
  }
}

/** The parameter fields of one analysis type, each labelled and with its own error line. */
export class ParamsForm {
  readonly element: HTMLElement;
  private readonly controls: Control[];

  constructor(
    readonly form: AnalysisForm,
    choices: ChoiceLists = {},
  ) {
    const initial = initialParams(form);
    this.controls = [];
    const rows = form.fields.map((field) => {
      const id = `param-${form.type}-${field.name}`;
      const input = inputFor(field, id, initial[field.name], choices);
      const error = h('p', { class: 'field-error', id: `${id}-error` });
      const label = field.kind === 'checkboxes' ? h('span', { class: 'field-label', id: `${id}-label` }, t(field.label)) : h('label', { for: id }, t(field.label));
      if (field.kind === 'checkboxes') input.element.setAttribute('aria-labelledby', `${id}-label`);
      const row = h('div', { class: `field field-${field.kind}` }, ...(field.kind === 'checkbox' ? [input.element, label] : [label, input.element]), error);
      this.controls.push({ field, row, read: input.read, focus: input.focus, error });
      return row;
    });
    this.element = h('div', { class: 'params-fields' }, ...rows);
    this.element.addEventListener('change', () => this.showApplicable());
    this.showApplicable();
  }

  /** Hides the fields the other choices make irrelevant (e.g. the number of cameras for a minimum-cost cover). */
  private showApplicable(): void {
    const raw = this.raw();
    for (const control of this.controls) control.row.hidden = !applies(control.field, raw);
  }

  /** Fills the selects of a choice source once its values arrive, keeping what the user chose. */
  setChoices(source: ChoiceSource, values: readonly string[]): void {
    for (const { field, row } of this.controls) {
      if (field.kind !== 'choice' || field.source !== source) continue;
      const select = row.querySelector('select');
      if (!select) continue;
      const chosen = select.value;
      select.replaceChildren(...choiceOptions(t(field.any), values));
      select.value = values.includes(chosen) ? chosen : '';
      select.removeAttribute('aria-busy');
    }
  }

  /** Whether a field takes its options from this source. */
  uses(source: ChoiceSource): boolean {
    return this.form.fields.some((field) => field.kind === 'choice' && field.source === source);
  }

  raw(): RawParams {
    return Object.fromEntries(this.controls.map((c) => [c.field.name, c.read()]));
  }

  showErrors(errors: Readonly<Record<string, string>>): void {
    let focused = false;
    for (const control of this.controls) {
      const message = errors[control.field.name] ?? '';
      control.error.textContent = message;
      if (message && !focused) {
        control.focus();
        focused = true;
      }
    }
  }
}
