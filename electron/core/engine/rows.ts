/** Shapes column-major values into the row objects of `QueryRows`, the same way on both engines. */
import type { SqlValue } from './engine.js';

/**
 * Keys for the row objects: the column names, with repeats made unique as DuckDB's node-api does
 * (`a`, `a:1`, `a:2`), so that `SELECT 1 AS a, 2 AS a` loses no value. `columns` keeps the real names.
 */
export function rowKeys(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}:${count}`;
  });
}

export function buildRows(keys: readonly string[], columns: readonly SqlValue[][], rowCount: number): Record<string, SqlValue>[] {
  // fromEntries defines own properties, so even a column named __proto__ stays a plain value.
  return Array.from({ length: rowCount }, (_, row) => Object.fromEntries(keys.map((key, column) => [key, columns[column]?.[row] ?? null])));
}
