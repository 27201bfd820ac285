import type { ResultColumn, ResultValue, ValueChange } from '../../../shared/dashboard-types.js';

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|REAL|DOUBLE|DECIMAL)/i;
const DIMENSION_TYPES = new Set(['nominal', 'ordinal', 'temporal', 'geojson']);

type Row = Record<string, ResultValue>;

/**
 * Splits a result's columns into the fields rows are matched on and the measures compared: a
 * measure is a numeric column the chart does not use as a category (nominal, ordinal, temporal).
 */
export function keysAndMeasures(columns: ResultColumn[], spec: Record<string, unknown>): { keys: string[]; measures: string[] } {
  const categorical = new Set<string>();
  collectCategorical(spec, categorical);
  const measures = columns.filter((c) => NUMERIC.test(c.type) && !categorical.has(c.name)).map((c) => c.name);
  return { keys: columns.map((c) => c.name).filter((n) => !measures.includes(n)), measures };
}

/**
 * The values that differ between two results of the same element: rows are matched on `keys`, each
 * measure compared; a key on one side only is an added or removed row. At most `limit` are kept.
 */
export function changedValues(base: Row[], compare: Row[], keys: string[], measures: string[], limit = 500): { changes: ValueChange[]; more: number } {
  const keyOf = (row: Row) => JSON.stringify(keys.map((k) => row[k] ?? null));
  const baseByKey = new Map(base.map((r) => [keyOf(r), r]));
  const compareByKey = new Map(compare.map((r) => [keyOf(r), r]));
  const changes: ValueChange[] = [];
  let total = 0;
  const add = (change: ValueChange) => {
    total++;
    if (changes.length < limit) changes.push(change);
  };
  for (const [key, row] of new Map([...baseByKey, ...compareByKey])) {
    const b = baseByKey.get(key);
    const c = compareByKey.get(key);
    const keyValues = Object.fromEntries(keys.map((k) => [k, row[k] ?? null]));
    for (const measure of measures) {
      const before = b?.[measure] ?? null;
      const after = c?.[measure] ?? null;
      const kind = !b ? 'added' : !c ? 'removed' : differs(before, after) ? 'changed' : null;
      if (!kind) continue;
      const delta = typeof before === 'number' && typeof after === 'number' ? after - before : null;
      add({ key: keyValues, measure, base: before, compare: after, delta, kind });
    }
  }
  return { changes, more: total - changes.length };
}

function differs(a: ResultValue, b: ResultValue): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
  return a !== b;
}

function collectCategorical(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectCategorical(item, out);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (typeof record.field === 'string' && typeof record.type === 'string' && DIMENSION_TYPES.has(record.type)) out.add(record.field);
  for (const value of Object.values(record)) collectCategorical(value, out);
}
