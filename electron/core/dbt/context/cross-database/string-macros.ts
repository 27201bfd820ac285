import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqlMacro, sqlText, type CrossDatabaseMacro } from './sql-macro.js';

export function stringMacros(sql: SqlDialect): Record<string, CrossDatabaseMacro> {
  return {
    concat: sqlMacro('concat', ['fields'], (a) => sql.concat(a.list('fields').map((field, i) => sqlText(field, `concat() field ${i}`)))),
    hash: sqlMacro('hash', ['field'], (a) => sql.hash(a.text('field'))),
    split_part: sqlMacro('split_part', ['string_text', 'delimiter_text', 'part_number'], (a) =>
      sql.splitPart(a.text('string_text'), a.text('delimiter_text'), a.text('part_number')),
    ),
    replace: sqlMacro('replace', ['field', 'old_chars', 'new_chars'], (a) => sql.replace(a.text('field'), a.text('old_chars'), a.text('new_chars'))),
    length: sqlMacro('length', ['expression'], (a) => sql.length(a.text('expression'))),
    position: sqlMacro('position', ['substring_text', 'string_text'], (a) => sql.position(a.text('substring_text'), a.text('string_text'))),
    right: sqlMacro('right', ['string_text', 'length_expression'], (a) => sql.right(a.text('string_text'), a.text('length_expression'))),
    escape_single_quotes: sqlMacro('escape_single_quotes', ['expression'], (a) => sql.escapeSingleQuotes(a.text('expression'))),
    string_literal: sqlMacro('string_literal', ['value'], (a) => sql.stringLiteral(a.text('value'))),
    listagg: sqlMacro(
      'listagg',
      ['measure', 'delimiter_text', 'order_by_clause', 'limit_num'],
      (a) =>
        sql.listagg({
          measure: a.text('measure'),
          delimiter: a.text('delimiter_text'),
          orderBy: a.given('order_by_clause') ? a.text('order_by_clause') : undefined,
          limit: a.given('limit_num') ? a.text('limit_num') : undefined,
        }),
      { delimiter_text: "','", order_by_clause: null, limit_num: null },
    ),
  };
}
