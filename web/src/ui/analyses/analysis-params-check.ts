import { formatNumber, t } from '../../i18n';
import { applies, type AnalysisForm, type ParamField, type RawParam, type RawParams, type Values } from './analysis-forms';

export interface ParamsCheck {
  readonly params: Record<string, unknown> | null;
  /** Message per field name. */
  readonly errors: Record<string, string>;
}

type Parsed = { ok: true; value: Values[string] } | { ok: false; message: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseField(field: ParamField, raw: RawParam | undefined): Parsed {
  const label = t(field.label);
  const text = typeof raw === 'string' ? raw.trim() : '';
  switch (field.kind) {
    case 'checkbox':
      return { ok: true, value: raw === true };
    case 'select':
      return { ok: true, value: text };
    case 'text':
    case 'choice':
      return { ok: true, value: text || null };
    case 'checkboxes': {
      const chosen = Array.isArray(raw) ? raw : [];
      return chosen.length > 0 ? { ok: true, value: chosen } : { ok: false, message: t('params.chooseOne', { label }) };
    }
    case 'date':
      return DATE.test(text) && !Number.isNaN(Date.parse(text)) ? { ok: true, value: text } : { ok: false, message: t('form.date', { label }) };
    case 'ids': {
      if (text === '') return { ok: true, value: null };
      const parts = text.split(/[\s,、]+/).filter(Boolean);
      const ids = parts.map(Number);
      if (ids.some((id) => !Number.isSafeInteger(id) || id < 1)) return { ok: false, message: t('params.idsInvalid', { label }) };
      return { ok: true, value: [...new Set(ids)] };
    }
    case 'json':
      try {
        const value = JSON.parse(text || '{}') as unknown;
        if (value && typeof value === 'object' && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
      } catch {
        // Reported below.
      }
      return { ok: false, message: t('form.json', { label }) };
    case 'number': {
      if (text === '') return field.required ? { ok: false, message: t('form.required', { label }) } : { ok: true, value: null };
      const value = Number(text);
      if (!Number.isFinite(value)) return { ok: false, message: t('form.number', { label }) };
      if (field.integer && !Number.isInteger(value)) return { ok: false, message: t('form.integer', { label }) };
      const min = formatNumber(field.min, 2);
      if (field.exclusiveMin ? value <= field.min : value < field.min) return { ok: false, message: t(field.exclusiveMin ? 'form.minExclusive' : 'form.min', { label, min }) };
      if (value > field.max) return { ok: false, message: t('form.max', { label, max: formatNumber(field.max, 2) }) };
      return { ok: true, value };
    }
  }
}

/** The params to POST, or the message per field the user has to fix first. */
export function checkParams(form: AnalysisForm, raw: Readonly<RawParams>): ParamsCheck {
  const values: Values = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    if (!applies(field, raw)) {
      values[field.name] = null;
      continue;
    }
    const parsed = parseField(field, raw[field.name]);
    if (parsed.ok) values[field.name] = parsed.value;
    else errors[field.name] = parsed.message;
  }
  if (Object.keys(errors).length > 0) return { params: null, errors };
  const built = form.build(values);
  if (built.errors && Object.keys(built.errors).length > 0) {
    return { params: null, errors: Object.fromEntries(Object.entries(built.errors).map(([name, key]) => [name, t(key)])) };
  }
  return { params: built.params, errors: {} };
}
