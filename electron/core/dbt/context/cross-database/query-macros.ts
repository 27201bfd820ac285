import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqlMacro, sqlText, type CrossDatabaseMacro } from './sql-macro.js';

/** Aggregates, set operators and arrays. */
export function queryMacros(sql: SqlDialect): Record<string, CrossDatabaseMacro> {
  return {
    any_value: sqlMacro('any_value', ['expression'], (a) => sql.anyValue(a.text('expression'))),
    bool_or: sqlMacro('bool_or', ['expression'], (a) => sql.boolOr(a.text('expression'))),
    except: sqlMacro('except', [], () => sql.except()),
    intersect: sqlMacro('intersect', [], () => sql.intersect()),
    equals: sqlMacro('equals', ['expr1', 'expr2'], (a) => sql.equals(a.text('expr1'), a.text('expr2'))),
    array_construct: sqlMacro(
      'array_construct',
      ['inputs', 'data_type'],
      (a) => {
        const inputs = a.list('inputs').map((input, i) => sqlText(input, `array_construct() input ${i}`));
        return inputs.length > 0 ? sql.arrayConstruct(inputs) : sql.emptyArray(a.text('data_type'));
      },
      { inputs: [], data_type: 'INT' },
    ),
    array_append: sqlMacro('array_append', ['array', 'new_element'], (a) => sql.arrayAppend(a.text('array'), a.text('new_element'))),
    array_concat: sqlMacro('array_concat', ['array_1', 'array_2'], (a) => sql.arrayConcat(a.text('array_1'), a.text('array_2'))),
  };
}
