import { quoteIdentifier, sqlLiteral } from '../sql/sql-text.js';
import type { FixtureData } from './fixture-rows.js';
import { sniffType, type InputColumn } from './input-columns.js';

/**
 * The SQL that writes a fixture as a table: a SELECT as it is; rows into a table with the input's
 * known columns and types plus those given (typed from their values when nothing else says), every
 * column a row leaves out NULL.
 */
export function fixtureTableSql(table: string, data: FixtureData, known: InputColumn[]): string {
  if (data.kind === 'sql') return `CREATE TABLE ${table} AS ${data.sql}`;
  const columns = [...known];
  const byName = new Map(known.map((c) => [c.name.toLowerCase(), c]));
  for (const name of data.columns) {
    if (!byName.has(name.toLowerCase())) {
      const column = { name, type: null };
      columns.push(column);
      byName.set(name.toLowerCase(), column);
    }
  }
  // Given rows may spell a column in another case than the input does: DuckDB's names are case-insensitive.
  const valueOf = (row: Record<string, unknown>, name: string) => {
    const key = Object.keys(row).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? null : row[key];
  };
  const typed = columns.map((c) => ({ name: c.name, type: c.type ?? sniffType(data.rows.map((row) => valueOf(row, c.name))) }));
  return rowsTableSql(table, typed, data.rows.map((row) => typed.map((c) => valueOf(row, c.name))));
}

export class NoColumnsError extends Error {}

/** A table of `columns` holding `rows` (values in column order), each value cast to its column's type on insert. */
export function rowsTableSql(table: string, columns: { name: string; type: string }[], rows: unknown[][]): string {
  if (columns.length === 0) throw new NoColumnsError('no columns: give at least one column, or declare the input\'s columns in its YAML');
  if (rows.length === 0) return `CREATE TABLE ${table} (${columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ')})`;
  // One statement rather than CREATE and INSERT: each statement costs about what the query does.
  const typed = rows.map((row) => `(${row.map((value, i) => `CAST(${literal(value)} AS ${(columns[i] as { type: string }).type})`).join(', ')})`);
  return `CREATE TABLE ${table} AS SELECT * FROM (VALUES ${typed.join(', ')}) AS v(${columns.map((c) => quoteIdentifier(c.name)).join(', ')})`;
}

/** `VALUES (...), (...)` of rows whose values are YAML or CSV values. */
export function valuesSql(rows: unknown[][]): string {
  return `VALUES ${rows.map((row) => `(${row.map(literal).join(', ')})`).join(', ')}`;
}

function literal(value: unknown): string {
  return value !== null && typeof value === 'object' ? sqlLiteral(JSON.stringify(value)) : sqlLiteral(value);
}
