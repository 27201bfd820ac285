import type { DashboardParameter, ParameterValue, ParameterValues } from '../../../shared/dashboard-types.js';
import type { ScalarParam } from '../engine/params.js';
import { dateRangeSchema } from './dashboard-schema.js';

export class ParameterError extends Error {}

/**
 * The value of every parameter: the one asked for when it is valid for the parameter's type,
 * else the default. A value of the wrong shape is refused, never coerced into SQL.
 */
export function resolveParameterValues(parameters: DashboardParameter[], asked: Record<string, unknown> = {}): ParameterValues {
  const unknown = Object.keys(asked).filter((name) => !parameters.some((p) => p.name === name));
  if (unknown.length > 0) throw new ParameterError(`unknown parameter(s): ${unknown.join(', ')} (the dashboard has ${parameters.map((p) => p.name).join(', ') || 'none'})`);
  const values: ParameterValues = {};
  for (const p of parameters) {
    const raw = asked[p.name];
    values[p.name] = raw === undefined || raw === null ? p.default : checkValue(p, raw);
  }
  return values;
}

function checkValue(p: DashboardParameter, raw: unknown): ParameterValue {
  switch (p.type) {
    case 'date_range': {
      const parsed = dateRangeSchema.safeParse(raw);
      if (!parsed.success) throw new ParameterError(`parameter '${p.name}' needs {start, end} dates written YYYY-MM-DD with start ≤ end`);
      return parsed.data;
    }
    case 'number': {
      const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
      if (typeof n !== 'number' || !Number.isFinite(n)) throw new ParameterError(`parameter '${p.name}' needs a number`);
      if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) throw new ParameterError(`parameter '${p.name}' must be between ${p.min ?? '-∞'} and ${p.max ?? '∞'}`);
      return n;
    }
    case 'select':
    case 'text':
      if (typeof raw !== 'string' && typeof raw !== 'number') throw new ParameterError(`parameter '${p.name}' needs a text value`);
      if (String(raw).length > 1000) throw new ParameterError(`parameter '${p.name}' is longer than 1000 characters`);
      return String(raw);
  }
}

/** The placeholders a parameter provides: `$name`, or `$name_start` and `$name_end` for a date range. */
export function placeholderNames(p: Pick<DashboardParameter, 'name' | 'type'>): string[] {
  return p.type === 'date_range' ? [`${p.name}_start`, `${p.name}_end`] : [p.name];
}

/** The value bound to each placeholder. */
export function placeholderValues(parameters: DashboardParameter[], values: ParameterValues): Map<string, ScalarParam> {
  const out = new Map<string, ScalarParam>();
  for (const p of parameters) {
    const value = values[p.name] ?? p.default;
    if (p.type === 'date_range') {
      const range = value as { start: string; end: string };
      out.set(`${p.name}_start`, range.start);
      out.set(`${p.name}_end`, range.end);
    } else {
      out.set(p.name, value as string | number);
    }
  }
  return out;
}
