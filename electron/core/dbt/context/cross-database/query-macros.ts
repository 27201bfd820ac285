import { sqlMacro, sqlText, type CrossDatabaseMacro } from './sql-macro.js';

/** Aggregates, set operators and arrays. */
export const queryMacros: Record<string, CrossDatabaseMacro> = {
  any_value: sqlMacro('any_value', ['expression'], (a) => `arbitrary(${a.text('expression')})`),
  bool_or: sqlMacro('bool_or', ['expression'], (a) => `bool_or(${a.text('expression')})`),
  except: sqlMacro('except', [], () => 'except'),
  intersect: sqlMacro('intersect', [], () => 'intersect'),
  // The form dbt renders while the `enable_truthy_nulls_equals_macro` behaviour flag is off (its default).
  equals: sqlMacro('equals', ['expr1', 'expr2'], (a) => `(${a.text('expr1')} = ${a.text('expr2')})`),
  array_construct: sqlMacro(
    'array_construct',
    ['inputs', 'data_type'],
    (a) => {
      const inputs = a.list('inputs').map((input, i) => sqlText(input, `array_construct() input ${i}`));
      return inputs.length > 0 ? `array[ ${inputs.join(' , ')} ]` : `array[]::${a.text('data_type')}[]`;
    },
    { inputs: [], data_type: 'INT' },
  ),
  array_append: sqlMacro('array_append', ['array', 'new_element'], (a) => `array_append(${a.text('array')}, ${a.text('new_element')})`),
  array_concat: sqlMacro('array_concat', ['array_1', 'array_2'], (a) => `array_cat(${a.text('array_1')}, ${a.text('array_2')})`),
};
