import type { EngineConnection } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import type { ParameterSpec } from './parameter-spec.js';

/** The distinct values a parametric model runs for, as text, with the type they are bound as. */
export interface ParameterValues {
  /** DuckDB's type of the values (`DATE`, `BIGINT`, `VARCHAR`): each is bound as text and cast to it. */
  type: string;
  /** Distinct, not null, in the type's order; each value's text casts back to the same value. */
  values: string[];
  /** Rows of the parameter query left out because their value was NULL. */
  nulls: number;
  /** Rows that repeated a value already there (each value is computed once). */
  duplicates: number;
}

/**
 * Runs the parameter's query (or types its literal list) and checks the count against the limit:
 * over it, the model fails with the model, its file and the count named, before anything runs.
 */
export async function parameterValues(conn: EngineConnection, spec: ParameterSpec, where: string): Promise<ParameterValues> {
  const { count, ...found } = spec.values.kind === 'query' ? await queryValues(conn, spec, where) : listValues(spec.values.values);
  if (count > spec.maxValues) {
    throw new Error(`${where}: parameter '${spec.name}' has ${count.toLocaleString('en-US')} distinct values, over the limit of ${spec.maxValues.toLocaleString('en-US')}; narrow its query, or raise max_parameter_values in the model's config`);
  }
  return found;
}

type Counted = ParameterValues & { count: number };

async function queryValues(conn: EngineConnection, spec: ParameterSpec, where: string): Promise<Counted> {
  const sql = (spec.values as { sql: string }).sql;
  const shape = await conn.query(`SELECT * FROM (\n${sql}\n) LIMIT 0`);
  if (!shape.ok) throw new Error(`${where}: the query of parameter '${spec.name}' fails: ${shape.error}`);
  if (shape.columns.length !== 1) {
    throw new Error(`${where}: the query of parameter '${spec.name}' must return one column; it returns ${shape.columns.length} (${shape.columns.map((c) => c.name).join(', ')})`);
  }
  const column = shape.columns[0] as { name: string; type: string };
  const value = `q.${quoteIdentifier(column.name)}`;
  // The window counts every distinct value before the LIMIT, so that a count over the limit is exact
  // without bringing millions of values into this process.
  const counted = await conn.query(
    `SELECT CAST(${value} AS VARCHAR) AS value, count(*) AS n, count(*) OVER () AS distinct_values\nFROM (\n${sql}\n) AS q\nGROUP BY ${value}\nORDER BY ${value} NULLS LAST\nLIMIT ${spec.maxValues + 2}`,
  );
  if (!counted.ok) throw new Error(`${where}: the query of parameter '${spec.name}' fails: ${counted.error}`);
  const rows = counted.rows.map((r) => ({ value: r.value === null ? null : String(r.value), n: Number(r.n) }));
  const nulls = rows.find((r) => r.value === null)?.n ?? 0;
  const count = Number(counted.rows[0]?.distinct_values ?? 0) - (nulls > 0 ? 1 : 0);
  const values = rows.filter((r) => r.value !== null).map((r) => r.value as string);
  const duplicates = rows.reduce((sum, r) => sum + (r.value === null ? 0 : r.n - 1), 0);
  return { type: column.type, values, nulls, duplicates, count };
}

/** A literal list's values: dates stay dates, whole numbers are BIGINT, other numbers DOUBLE, mixed lists text. */
function listValues(list: (string | number | boolean | null)[]): Counted {
  const present = list.filter((v): v is string | number | boolean => v !== null);
  const type = listType(present);
  const texts = present.map((v) => String(v));
  const values = [...new Set(texts)];
  const ordered = type === 'BIGINT' || type === 'DOUBLE' ? values.sort((a, b) => Number(a) - Number(b)) : values.sort();
  return { type, values: ordered, nulls: list.length - present.length, duplicates: texts.length - values.length, count: values.length };
}

function listType(values: (string | number | boolean)[]): string {
  if (values.length === 0) return 'VARCHAR';
  if (values.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (values.every((v) => typeof v === 'number')) return values.every((v) => Number.isInteger(v)) ? 'BIGINT' : 'DOUBLE';
  if (values.every((v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) return 'DATE';
  return 'VARCHAR';
}
