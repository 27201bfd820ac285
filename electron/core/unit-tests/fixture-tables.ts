import type { EngineConnection } from '../engine/engine.js';
import { quoteIdentifier, sqlLiteral } from '../sql/sql-text.js';
import type { FixtureData } from './fixture-rows.js';
import { sniffType, type InputColumn } from './input-columns.js';

/**
 * Writes a fixture as a table: a SELECT as it is; rows into a table with the input's known columns
 * and types plus those given (typed from their values when nothing else says), every column a row
 * leaves out NULL. Returns DuckDB's error, or null.
 */
export async function createFixtureTable(conn: EngineConnection, table: string, data: FixtureData, known: InputColumn[]): Promise<string | null> {
  if (data.kind === 'sql') return errorOf(await conn.query(`CREATE TABLE ${table} AS ${data.sql}`));
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
  return insertRows(conn, table, typed, data.rows.map((row) => typed.map((c) => valueOf(row, c.name))));
}

/** A table of `columns` holding `rows` (values in column order), each value cast by the column's type. */
export async function insertRows(conn: EngineConnection, table: string, columns: { name: string; type: string }[], rows: unknown[][]): Promise<string | null> {
  if (columns.length === 0) return 'no columns: give at least one column, or declare the input\'s columns in its YAML';
  const create = `CREATE TABLE ${table} (${columns.map((c) => `${quoteIdentifier(c.name)} ${c.type}`).join(', ')})`;
  const values = rows.map((row) => `(${row.map(literal).join(', ')})`);
  return errorOf(await conn.query(values.length ? `${create}; INSERT INTO ${table} VALUES ${values.join(', ')}` : create));
}

function literal(value: unknown): string {
  return value !== null && typeof value === 'object' ? sqlLiteral(JSON.stringify(value)) : sqlLiteral(value);
}

function errorOf(result: { ok: true } | { ok: false; error: string }): string | null {
  return result.ok ? null : result.error;
}
