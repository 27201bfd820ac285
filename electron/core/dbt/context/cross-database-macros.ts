/**
 * dbt's cross-database macros (`dbt.dateadd`, `dbt.listagg`, ...) rendered as DuckDB SQL, with
 * dbt-core's names and parameter names so keyword calls bind as they do in dbt. Arguments are the
 * SQL snippets dbt passes; each macro returns the SQL it renders to.
 */
import { dateMacros } from './cross-database/date-macros.js';
import { queryMacros } from './cross-database/query-macros.js';
import { get_powers_of_two, seriesMacros } from './cross-database/series-macros.js';
import type { CrossDatabaseMacro } from './cross-database/sql-macro.js';
import { stringMacros } from './cross-database/string-macros.js';
import { typeMacros } from './cross-database/type-macros.js';

export type { CrossDatabaseMacro } from './cross-database/sql-macro.js';

export const crossDatabaseMacros: Record<string, CrossDatabaseMacro> = {
  ...dateMacros,
  ...seriesMacros,
  ...stringMacros,
  ...typeMacros,
  ...queryMacros,
};

/** Macros that return a value for templates to compute with rather than SQL. */
export const crossDatabaseValueMacros: Record<string, (...args: unknown[]) => unknown> = { get_powers_of_two };
