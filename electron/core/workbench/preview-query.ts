import type { ColumnDescription } from '../../../shared/api.js';
import { typeFamily, type PreviewFilter, type PreviewSort, type TypeFamily } from '../../../shared/preview-query.js';
import type { SqlValue } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';

/** A sort or filter the preview cannot apply: an unknown column, or a value of the wrong type. */
export class PreviewQueryError extends Error {}

/** The WHERE and ORDER BY of a preview, with the values they bind. Empty strings when there are none. */
export interface PreviewClauses {
  where: string;
  orderBy: string;
  params: SqlValue[];
}


/**
 * Turns the preview's sorts and filters into SQL. Every column must be one of the node's own (so
 * a name is only ever quoted, never read as SQL) and every value is bound as a parameter, checked
 * against the column's type first so that a wrong one is named instead of failing inside DuckDB.
 */
export function previewClauses(node: string, columns: ColumnDescription[], orderBy: PreviewSort[], filters: PreviewFilter[]): PreviewClauses {
  const byName = new Map(columns.map((column) => [column.name, column]));
  const columnOf = (name: string): ColumnDescription => {
    const column = byName.get(name);
    if (!column) throw new PreviewQueryError(`unknown column '${name}' in '${node}'; its columns are ${columns.map((c) => c.name).join(', ')}`);
    return column;
  };
  const params: SqlValue[] = [];
  const conditions = filters.map((filter) => condition(columnOf(filter.column), filter, params));
  const sorted = orderBy.map((sort) => `${quoteIdentifier(columnOf(sort.column).name)} ${sort.direction === 'asc' ? 'ASC' : 'DESC'} NULLS LAST`);
  // Pages are read with OFFSET: the remaining columns break ties, so that a row never shows on two pages.
  const ties = sorted.length ? columns.filter((column) => !orderBy.some((sort) => sort.column === column.name)).map((column) => quoteIdentifier(column.name)) : [];
  return {
    where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '',
    orderBy: sorted.length ? `ORDER BY ${[...sorted, ...ties].join(', ')}` : '',
    params,
  };
}

function condition(column: ColumnDescription, filter: PreviewFilter, params: SqlValue[]): string {
  const family = typeFamily(column.type);
  const name = family === 'other' ? `CAST(${quoteIdentifier(column.name)} AS VARCHAR)` : quoteIdentifier(column.name);
  switch (filter.op) {
    case 'contains':
      params.push(filter.value.toLowerCase());
      return `contains(lower(CAST(${quoteIdentifier(column.name)} AS VARCHAR)), ?)`;
    case 'eq':
      params.push(checkedValue(column, family, filter.value));
      return `${name} = ${placeholder(family)}`;
    case 'range': {
      if (filter.min === undefined && filter.max === undefined) throw new PreviewQueryError(`the range filter on '${column.name}' needs a min, a max or both`);
      if (family === 'boolean') throw new PreviewQueryError(`column '${column.name}' is ${column.type}: a range does not apply, filter it with = true or = false`);
      const parts: string[] = [];
      if (filter.min !== undefined) {
        params.push(checkedValue(column, family, filter.min));
        parts.push(`${name} >= ${placeholder(family)}`);
      }
      if (filter.max !== undefined) {
        params.push(checkedValue(column, family, filter.max));
        parts.push(`${name} <= ${placeholder(family)}`);
      }
      return `(${parts.join(' AND ')})`;
    }
  }
}

/** Parameters bind as DOUBLE or VARCHAR: dates and timestamps are cast to what the column holds. */
function placeholder(family: TypeFamily): string {
  switch (family) {
    case 'date': return 'CAST(? AS DATE)';
    case 'timestamp': return 'CAST(? AS TIMESTAMP)';
    case 'boolean': return 'CAST(? AS BOOLEAN)';
    case 'number':
    case 'text':
    case 'other':
      return '?';
  }
}

function checkedValue(column: ColumnDescription, family: TypeFamily, value: string | number | boolean): SqlValue {
  const wrong = (expected: string) => new PreviewQueryError(`the filter value ${JSON.stringify(value)} for column '${column.name}' (${column.type}) is not ${expected}`);
  switch (family) {
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) throw wrong('a number');
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw wrong('true or false');
      return value;
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value.slice(0, 10)) || value.length !== 10) throw wrong('a date (YYYY-MM-DD)');
      return value;
    case 'timestamp':
      if (typeof value !== 'string' || !isCalendarDate(value.slice(0, 10)) || !/^(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?)?$/.test(value.slice(10))) {
        throw wrong('a date or timestamp (YYYY-MM-DD or YYYY-MM-DD HH:MM:SS)');
      }
      return value;
    case 'text':
    case 'other':
      if (typeof value !== 'string') throw wrong('text');
      return value;
  }
}

function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
