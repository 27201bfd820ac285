import type { ColumnDescription } from '../../shared/api.js';
import { typeFamily, type PreviewFilter, type TypeFamily } from '../../shared/preview-query.js';

export type ParsedFilter = { ok: true; filter: PreviewFilter | null } | { ok: false; error: string };

/** What a column's filter box accepts, as its placeholder says it. */
export function filterHint(type: string): string {
  return hintOf(typeFamily(type));
}

function hintOf(family: TypeFamily): string {
  switch (family) {
    case 'number': return '5, >=5, 1..10';
    case 'date': return '2024-01-31, a..b';
    case 'timestamp': return '2024-01-31, a..b';
    case 'boolean': return 'true or false';
    case 'text':
    case 'other':
      return 'contains…, =exact';
  }
}

/**
 * Reads what was typed in a column's filter box: `5` or `= 5`, `>= 5`, `<= 5`, `1..10` for
 * numbers and dates; `true` / `false`; text is searched (`=` for an exact match). Empty is no
 * filter. What does not fit the column's type is an error naming the text and the column.
 */
export function parseFilterInput(column: ColumnDescription, text: string): ParsedFilter {
  const typed = text.trim();
  if (typed === '') return { ok: true, filter: null };
  const family = typeFamily(column.type);
  const name = column.name;
  if (family === 'text' || family === 'other') {
    return { ok: true, filter: typed.startsWith('=') ? { column: name, op: 'eq', value: typed.slice(1).trim() } : { column: name, op: 'contains', value: typed } };
  }
  if (family === 'boolean') {
    const value = typed.replace(/^=\s*/, '').toLowerCase();
    if (value === 'true' || value === 'false') return { ok: true, filter: { column: name, op: 'eq', value: value === 'true' } };
    return { ok: false, error: `“${typed}” is not true or false (${name} is ${column.type})` };
  }
  const bound = (part: string): number | string | undefined | Error => {
    const value = part.trim();
    if (value === '') return undefined;
    if (family === 'number') {
      const number = Number(value);
      return value !== '' && Number.isFinite(number) ? number : new Error(`“${value}” is not a number (${name} is ${column.type}); type ${hintOf(family)}`);
    }
    return /^\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?$/.test(value) ? value : new Error(`“${value}” is not a date (${name} is ${column.type}); type ${hintOf(family)}`);
  };
  const range = /^(.*?)\.\.(.*)$/.exec(typed);
  const [op, min, max] = range
    ? (['range', bound(range[1] ?? ''), bound(range[2] ?? '')] as const)
    : typed.startsWith('>=') ? (['range', bound(typed.slice(2)), undefined] as const)
    : typed.startsWith('<=') ? (['range', undefined, bound(typed.slice(2))] as const)
    : (['eq', bound(typed.replace(/^=/, '')), undefined] as const);
  for (const value of [min, max]) if (value instanceof Error) return { ok: false, error: value.message };
  const [low, high] = [min as number | string | undefined, max as number | string | undefined];
  if (op === 'range') {
    if (low === undefined && high === undefined) return { ok: false, error: `“${typed}” has no bound: type ${hintOf(family)}` };
    return { ok: true, filter: { column: name, op: 'range', ...(low === undefined ? {} : { min: low }), ...(high === undefined ? {} : { max: high }) } };
  }
  if (low === undefined) return { ok: false, error: `“${typed}” has no value: type ${hintOf(family)}` };
  // A day of a timestamp column is every moment of that day.
  if (family === 'timestamp' && typeof low === 'string' && low.length === 10) return { ok: true, filter: { column: name, op: 'range', min: low, max: `${low} 23:59:59.999999` } };
  return { ok: true, filter: { column: name, op: 'eq', value: low } };
}
