import type { ColumnType } from '../../../shared/diff-types.js';
import { quoteIdentifier } from '../sql/sql-text.js';

/** Short name for identifier quoting: the diff's SQL quotes on nearly every line. */
export const q = quoteIdentifier;

const numeric = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|REAL|DECIMAL)/i;

export function isNumeric(type: string): boolean {
  return numeric.test(type);
}

/** SQL that is true when a column's value differs between the base row `b` and the compare row `c`. */
export function changedExpr(base: ColumnType, compare: ColumnType, tolerance: number): string {
  const b = `b.${q(base.name)}`;
  const c = `c.${q(compare.name)}`;
  const bothNumeric = isNumeric(base.type) && isNumeric(compare.type);
  if (base.type !== compare.type && !bothNumeric) return `${b}::VARCHAR IS DISTINCT FROM ${c}::VARCHAR`;
  if (bothNumeric && (tolerance > 0 || base.type !== compare.type)) return `NOT (${b} IS NOT DISTINCT FROM ${c} OR abs(${b}::DOUBLE - ${c}::DOUBLE) <= ${tolerance})`;
  return `${b} IS DISTINCT FROM ${c}`;
}

/** Keys match when equal (NULL matching NULL); a key retyped between the sides is compared as text. */
export function keyMatch(keys: { base: ColumnType; compare: ColumnType }[]): string {
  return keys
    .map(({ base, compare }) => {
      const retyped = base.type !== compare.type;
      return `b.${q(base.name)}${retyped ? '::VARCHAR' : ''} IS NOT DISTINCT FROM c.${q(compare.name)}${retyped ? '::VARCHAR' : ''}`;
    })
    .join(' AND ');
}

/** A hash of a whole row over the given columns, comparable across sides (retyped columns as text). */
export function rowHash(alias: string, columns: { name: string; asText: boolean }[]): string {
  return `hash(row(${columns.map((c) => `${alias}.${q(c.name)}${c.asText ? '::VARCHAR' : ''}`).join(', ')}))`;
}

const MAX_TEXT = 200;

/** Sample values as they leave the diff: long text is cut so that wide columns keep reports small. */
export function trimValue(value: unknown): unknown {
  return typeof value === 'string' && value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
}
