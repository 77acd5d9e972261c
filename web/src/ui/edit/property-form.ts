import type { PropertySchema } from '../../api/client';
import { t } from '../../i18n';
import { h, replaceChildren } from '../dom';
import { propertyLabel, valueLabel } from '../property-labels';
import { toRaw, type RawValue } from './property-form-model';

type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

interface Field {
  readonly schema: PropertySchema;
  readonly input: FieldElement;
  readonly label: HTMLLabelElement;
  readonly error: HTMLElement;
}

function labelText(label: HTMLLabelElement, schema: PropertySchema): void {
  replaceChildren(label, propertyLabel(schema.name), schema.required && h('span', { class: 'required', title: t('form.requiredMark') }, ' *'));
}

function control(schema: PropertySchema, id: string, raw: RawValue): FieldElement {
  switch (schema.type) {
    case 'boolean':
      return h('input', { id, type: 'checkbox', checked: raw === true });
    case 'enum': {
      const select = h(
        'select',
        { id },
        !schema.required && h('option', { value: '' }, '—'),
        ...(schema.values ?? []).map((value) => h('option', { value }, valueLabel(value))),
      );
      select.value = String(raw);
      return select;
    }
    case 'json':
      return h('textarea', { id, rows: 3, spellcheck: 'false' }, String(raw));
    case 'number':
    case 'integer':
      return h('input', {
        id,
        type: 'number',
        step: schema.type === 'integer' ? '1' : 'any',
        min: schema.min ?? undefined,
        max: schema.max ?? undefined,
        inputmode: schema.type === 'integer' ? 'numeric' : 'decimal',
        value: String(raw),
      });
    case 'date':
      return h('input', { id, type: 'date', value: String(raw) });
    case 'timestamp':
      return h('input', { id, type: 'text', placeholder: '2025-04-01T08:00+09:00', value: String(raw) });
    case 'text':
      return h('input', { id, type: 'text', value: String(raw) });
  }
}

/**
 * Fields built from a layer's property schema (`GET /api/layers`): numbers with their range,
 * enums as choices, booleans as checkboxes. Every field has a label and its own error line.
 */
export class PropertyForm {
  readonly element: HTMLElement;
  private readonly fields: Field[];

  constructor(
    schemas: readonly PropertySchema[],
    values: Readonly<Record<string, unknown>>,
    idPrefix: string,
    onInput: (name: string) => void,
  ) {
    this.fields = schemas.map((schema) => {
      const id = `${idPrefix}-${schema.name}`;
      const input = control(schema, id, toRaw(schema, values[schema.name]));
      input.addEventListener(input instanceof HTMLSelectElement || input.type === 'checkbox' ? 'change' : 'input', () => onInput(schema.name));
      input.setAttribute('name', schema.name);
      if (schema.required) input.setAttribute('aria-required', 'true');
      const label = h('label', { for: id });
      labelText(label, schema);
      return { schema, input, label, error: h('p', { class: 'field-error', id: `${id}-error` }) };
    });
    this.element = h(
      'div',
      { class: 'property-fields' },
      ...this.fields.map(({ schema, input, label, error }) => h('div', { class: `field field-${schema.type}`, title: schema.description }, label, input, error)),
    );
  }

  /** Labels and choices in the current language, keeping what was typed. */
  relabel(): void {
    for (const { schema, input, label } of this.fields) {
      labelText(label, schema);
      if (input instanceof HTMLSelectElement) for (const option of input.options) if (option.value) option.textContent = valueLabel(option.value);
    }
  }

  raw(): Record<string, RawValue> {
    return Object.fromEntries(this.fields.map(({ schema, input }) => [schema.name, input instanceof HTMLInputElement && input.type === 'checkbox' ? input.checked : input.value]));
  }

  /** Shows a value set elsewhere (a dragged handle) without moving the focus. */
  set(name: string, value: number | string): void {
    const field = this.fields.find((f) => f.schema.name === name);
    if (field) field.input.value = String(value);
  }

  /** Shows each message under its field (and clears the others); focuses the first invalid field. */
  showErrors(errors: Readonly<Record<string, string>>, focus: boolean): void {
    for (const field of this.fields) showFieldError(field, errors[field.schema.name] ?? '');
    if (focus) this.fields.find((f) => errors[f.schema.name])?.input.focus();
  }

  showError(name: string, message: string): void {
    const field = this.fields.find((f) => f.schema.name === name);
    if (field) showFieldError(field, message);
  }
}

function showFieldError({ input, error }: Field, message: string): void {
  error.textContent = message;
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', error.id);
  } else {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
}
