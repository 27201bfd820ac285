import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

/** What dbt's `api.Column.translate_type` gives for each generic type; dbt-duckdb keeps the defaults. */
export const duckdbTypeNames = {
  string: 'TEXT',
  timestamp: 'TIMESTAMP',
  float: 'FLOAT',
  int: 'INT',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  numeric: 'numeric(28,6)',
} as const;

const typeMacro = (name: string, type: string) => sqlMacro(name, [], () => type);

export const typeMacros: Record<string, CrossDatabaseMacro> = {
  type_string: typeMacro('type_string', duckdbTypeNames.string),
  type_timestamp: typeMacro('type_timestamp', duckdbTypeNames.timestamp),
  type_float: typeMacro('type_float', duckdbTypeNames.float),
  type_numeric: typeMacro('type_numeric', duckdbTypeNames.numeric),
  type_bigint: typeMacro('type_bigint', duckdbTypeNames.bigint),
  type_int: typeMacro('type_int', duckdbTypeNames.int),
  type_boolean: typeMacro('type_boolean', duckdbTypeNames.boolean),
  cast: sqlMacro('cast', ['field', 'type'], (a) => `cast(${a.text('field')} as ${a.text('type')})`),
  // dbt-duckdb does not override safe_cast, so a value that does not convert fails as it does there.
  safe_cast: sqlMacro('safe_cast', ['field', 'type'], (a) => `cast(${a.text('field')} as ${a.text('type')})`),
  cast_bool_to_text: sqlMacro('cast_bool_to_text', ['field'], (a) => `cast(${a.text('field')} as ${duckdbTypeNames.string})`),
};
