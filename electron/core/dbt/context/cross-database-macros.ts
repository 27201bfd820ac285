/**
 * dbt's cross-database macros (`dbt.dateadd`, `dbt.listagg`, ...) rendered as the SQL of the engine
 * a project is compiled for, with dbt-core's names and parameter names so keyword calls bind as
 * they do in dbt. Arguments are the SQL snippets dbt passes; each macro returns the SQL it renders
 * to. How each engine renders them is its dialect, one module per engine under `dialects/`.
 */
import type { AdapterType } from '../adapter-type.js';
import { dateMacros } from './cross-database/date-macros.js';
import { DuckdbSql } from './cross-database/dialects/duckdb-sql.js';
import { PostgresSql } from './cross-database/dialects/postgres-sql.js';
import type { SqlDialect } from './cross-database/dialects/sql-dialect.js';
import { queryMacros } from './cross-database/query-macros.js';
import { get_powers_of_two, seriesMacros } from './cross-database/series-macros.js';
import type { CrossDatabaseMacro } from './cross-database/sql-macro.js';
import { stringMacros } from './cross-database/string-macros.js';
import { typeMacros } from './cross-database/type-macros.js';

export type { CrossDatabaseMacro } from './cross-database/sql-macro.js';

const dialects: Record<AdapterType, SqlDialect> = {
  duckdb: new DuckdbSql(),
  postgres: new PostgresSql(),
};

const macrosByAdapter = new Map<AdapterType, Record<string, CrossDatabaseMacro>>();

/** The macros for one engine; made once per engine, since they hold no state. */
export function crossDatabaseMacros(adapter: AdapterType): Record<string, CrossDatabaseMacro> {
  let macros = macrosByAdapter.get(adapter);
  if (!macros) {
    const sql = dialects[adapter];
    macros = { ...dateMacros(sql), ...seriesMacros(sql), ...stringMacros(sql), ...typeMacros(sql), ...queryMacros(sql) };
    macrosByAdapter.set(adapter, macros);
  }
  return macros;
}

/** Macros that return a value for templates to compute with rather than SQL: the same on every engine. */
export const crossDatabaseValueMacros: Record<string, (...args: unknown[]) => unknown> = { get_powers_of_two };
