/** The parameter values both engines can bind the same way. */
import type { SqlValue } from './engine.js';

export type ScalarParam = null | boolean | number | string;

/**
 * Only scalars are accepted: DuckDB-Wasm binds parameters through JSON and rejects lists and structs.
 * Both engines bind them as DuckDB-Wasm must: numbers as DOUBLE, strings and null as VARCHAR. DuckDB
 * casts a parameter to the type its place in the statement expects (`WHERE id = $1`, `INSERT`);
 * where nothing decides (`SELECT $1`), `$1::INTEGER` pins the type.
 */
export function checkParams(params: readonly SqlValue[]): { ok: true; params: ScalarParam[] } | { ok: false; error: string } {
  const index = params.findIndex((param) => param !== null && typeof param === 'object');
  if (index >= 0) {
    return { ok: false, error: `Invalid Input Error: parameter ${index + 1} is a list or struct; only null, boolean, number and string parameters can be bound` };
  }
  return { ok: true, params: params as ScalarParam[] };
}
