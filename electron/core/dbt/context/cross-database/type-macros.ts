import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

const typeMacro = (name: string, type: string) => sqlMacro(name, [], () => type);

export function typeMacros(sql: SqlDialect): Record<string, CrossDatabaseMacro> {
  return {
    type_string: typeMacro('type_string', sql.types.string),
    type_timestamp: typeMacro('type_timestamp', sql.types.timestamp),
    type_float: typeMacro('type_float', sql.types.float),
    type_numeric: typeMacro('type_numeric', sql.types.numeric),
    type_bigint: typeMacro('type_bigint', sql.types.bigint),
    type_int: typeMacro('type_int', sql.types.int),
    type_boolean: typeMacro('type_boolean', sql.types.boolean),
    cast: sqlMacro('cast', ['field', 'type'], (a) => sql.cast(a.text('field'), a.text('type'))),
    safe_cast: sqlMacro('safe_cast', ['field', 'type'], (a) => sql.safeCast(a.text('field'), a.text('type'))),
    cast_bool_to_text: sqlMacro('cast_bool_to_text', ['field'], (a) => sql.castBoolToText(a.text('field'))),
  };
}
