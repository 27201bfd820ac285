import { sqlMacro, sqlText, type CrossDatabaseMacro } from './sql-macro.js';
import { duckdbTypeNames } from './type-macros.js';

export const stringMacros: Record<string, CrossDatabaseMacro> = {
  concat: sqlMacro('concat', ['fields'], (a) =>
    a
      .list('fields')
      .map((field, i) => sqlText(field, `concat() field ${i}`))
      .join(' || '),
  ),
  hash: sqlMacro('hash', ['field'], (a) => `md5(cast(${a.text('field')} as ${duckdbTypeNames.string}))`),
  // DuckDB lists index from the end for negative numbers, so one form serves every part number,
  // and `coalesce` makes a part past the end '' as split_part does elsewhere.
  split_part: sqlMacro(
    'split_part',
    ['string_text', 'delimiter_text', 'part_number'],
    (a) => `coalesce(string_split(${a.text('string_text')}, ${a.text('delimiter_text')})[${a.text('part_number')}], '')`,
  ),
  replace: sqlMacro(
    'replace',
    ['field', 'old_chars', 'new_chars'],
    (a) => `replace(${a.text('field')}, ${a.text('old_chars')}, ${a.text('new_chars')})`,
  ),
  length: sqlMacro('length', ['expression'], (a) => `length(${a.text('expression')})`),
  position: sqlMacro('position', ['substring_text', 'string_text'], (a) => `position(${a.text('substring_text')} in ${a.text('string_text')})`),
  right: sqlMacro('right', ['string_text', 'length_expression'], (a) => `right(${a.text('string_text')}, ${a.text('length_expression')})`),
  escape_single_quotes: sqlMacro('escape_single_quotes', ['expression'], (a) => a.text('expression').replaceAll("'", "''")),
  string_literal: sqlMacro('string_literal', ['value'], (a) => `'${a.text('value')}'`),
  listagg: sqlMacro(
    'listagg',
    ['measure', 'delimiter_text', 'order_by_clause', 'limit_num'],
    (a) => {
      const orderBy = a.given('order_by_clause') ? ` ${a.text('order_by_clause')}` : '';
      if (a.given('limit_num')) {
        return `list_aggr((array_agg(${a.text('measure')}${orderBy}))[1:${a.text('limit_num')}], 'string_agg', ${a.text('delimiter_text')})`;
      }
      return `string_agg(${a.text('measure')}, ${a.text('delimiter_text')}${orderBy})`;
    },
    { delimiter_text: "','", order_by_clause: null, limit_num: null },
  ),
};
