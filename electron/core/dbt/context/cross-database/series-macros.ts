import { ArgumentError, pyFunction } from '../../jinja/python-call.js';
import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

export function seriesMacros(sql: SqlDialect): Record<string, CrossDatabaseMacro> {
  return {
    generate_series: sqlMacro('generate_series', ['upper_bound'], (a) => sql.generateSeries(a.text('upper_bound'))),
    date_spine: sqlMacro('date_spine', ['datepart', 'start_date', 'end_date'], (a) =>
      sql.dateSpine(a.datepart('datepart'), a.text('start_date'), a.text('end_date')),
    ),
  };
}

/** The one utility that returns a number rather than SQL: the count of binary digits that reach `upper_bound`. */
export const get_powers_of_two = pyFunction({ name: 'get_powers_of_two', params: ['upper_bound'] }, ({ upper_bound }) => {
  if (typeof upper_bound !== 'number') throw new ArgumentError('get_powers_of_two() upper_bound must be a number');
  if (upper_bound <= 0) throw new ArgumentError('upper bound must be positive');
  for (let power = 1; power < 100; power++) {
    if (upper_bound <= 2 ** power) return power;
  }
  return null;
});
