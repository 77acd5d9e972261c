import type { Geometry, PropertySchema } from '../../api/client';
import { ringProblem } from '../../geo/polygon-checks';
import { t, type MessageKey } from '../../i18n';
import { propertyLabel } from '../property-labels';

/** What a form field holds: the text typed, or a checkbox state. */
export type RawValue = string | boolean;

export type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

export interface FormCheck {
  /** Property values to send; null for a field left empty. */
  readonly values: Record<string, unknown>;
  /** Message per field the user must fix. */
  readonly errors: Record<string, string>;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

function isRealDay(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

function message(key: MessageKey, schema: PropertySchema, extra: Record<string, string | number> = {}): Parsed {
  return { ok: false, message: t(key, { label: propertyLabel(schema.name), ...extra }) };
}

function parseNumber(schema: PropertySchema, text: string): Parsed {
  const value = Number(text.replace(/,/g, ''));
  if (!Number.isFinite(value)) return message('form.number', schema);
  if (schema.type === 'integer' && !Number.isInteger(value)) return message('form.integer', schema);
  if (schema.min !== null) {
    if (schema.exclusiveMin && value <= schema.min) return message('form.minExclusive', schema, { min: schema.min });
    if (!schema.exclusiveMin && value < schema.min) return message('form.min', schema, { min: schema.min });
  }
  if (schema.max !== null && value > schema.max) return message('form.max', schema, { max: schema.max });
  return { ok: true, value };
}

/**
 * One field as the API wants it, checked the way the API checks it (the layer's property schema:
 * type, required, min/max, enum values, length), so that the user sees the problem in the form.
 */
export function parseField(schema: PropertySchema, raw: RawValue): Parsed {
  if (schema.type === 'boolean') return { ok: true, value: typeof raw === 'boolean' ? raw : raw === 'true' };
  const text = typeof raw === 'string' ? raw.trim() : '';
  if (text === '') return schema.required ? message('form.required', schema) : { ok: true, value: null };
  switch (schema.type) {
    case 'number':
    case 'integer':
      return parseNumber(schema, text);
    case 'enum':
      return schema.values?.includes(text) ? { ok: true, value: text } : message('form.enum', schema, { values: (schema.values ?? []).join(', ') });
    case 'date': {
      const m = DATE.exec(text);
      return m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) ? { ok: true, value: text } : message('form.date', schema);
    }
    case 'timestamp': {
      const m = TIMESTAMP.exec(text);
      const real = m && isRealDay(Number(m[1]), Number(m[2]), Number(m[3])) && Number(m[4]) < 24 && Number(m[5]) < 60;
      return real ? { ok: true, value: text } : message('form.timestamp', schema);
    }
    case 'json':
      try {
        return { ok: true, value: JSON.parse(text) };
      } catch {
        return message('form.json', schema);
      }
    case 'text':
      if (schema.maxLength !== null && text.length > schema.maxLength) return message('form.maxLength', schema, { max: schema.maxLength });
      return { ok: true, value: text };
  }
}

export function checkForm(schemas: readonly PropertySchema[], raw: Readonly<Record<string, RawValue>>): FormCheck {
  const values: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const schema of schemas) {
    const parsed = parseField(schema, raw[schema.name] ?? '');
    if (parsed.ok) values[schema.name] = parsed.value;
    else errors[schema.name] = parsed.message;
  }
  return { values, errors };
}

/** A stored value as the form shows it. */
export function toRaw(schema: PropertySchema, value: unknown): RawValue {
  if (schema.type === 'boolean') return value === true;
  if (value === null || value === undefined) return '';
  if (schema.type === 'json') return JSON.stringify(value);
  return String(value);
}

/** The properties that differ from the stored ones (null clears one), for a PATCH. */
export function changedValues(values: Readonly<Record<string, unknown>>, stored: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const changed: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(values)) {
    const before = stored[name] ?? null;
    if (JSON.stringify(value) !== JSON.stringify(before)) changed[name] = value;
  }
  return changed;
}

/** Why a drawn geometry cannot be saved, or null. */
export function geometryProblem(geometry: Geometry | null): string | null {
  if (!geometry) return t('form.geometryMissing');
  if (geometry.type === 'LineString' && geometry.coordinates.length < 2) return t('form.lineTooShort');
  if (geometry.type === 'Polygon') {
    const problem = ringProblem(geometry.coordinates[0].map((p) => [p[0], p[1]] as const));
    if (problem === 'too-few-points') return t('form.polygonTooFew');
    if (problem === 'self-intersection') return t('form.selfIntersection');
  }
  return null;
}
