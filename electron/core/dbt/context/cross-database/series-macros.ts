import { ArgumentError, pyFunction } from '../../jinja/python-call.js';
import { dateaddSql, datediffSql } from './date-macros.js';
import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

function generateSeriesSql(upperBound: string): string {
  return `select generate_series as generated_number from generate_series(1, ${upperBound})`;
}

/**
 * dbt counts the periods with a query at compile time (`get_intervals_between`); here DuckDB counts
 * them inside the query instead, which gives the same rows without a round trip while rendering.
 */
function dateSpineSql(datepart: string, startDate: string, endDate: string): string {
  const period = `date_${datepart}`;
  return [
    'with rawdata as (',
    `    ${generateSeriesSql(datediffSql(startDate, endDate, datepart))}`,
    '),',
    'all_periods as (',
    `    select (${dateaddSql(datepart, 'row_number() over (order by generated_number) - 1', startDate)}) as ${period}`,
    '    from rawdata',
    '),',
    'filtered as (',
    `    select * from all_periods where ${period} <= ${endDate}`,
    ')',
    'select * from filtered',
  ].join('\n');
}

export const seriesMacros: Record<string, CrossDatabaseMacro> = {
  generate_series: sqlMacro('generate_series', ['upper_bound'], (a) => generateSeriesSql(a.text('upper_bound'))),
  date_spine: sqlMacro('date_spine', ['datepart', 'start_date', 'end_date'], (a) =>
    dateSpineSql(a.datepart('datepart'), a.text('start_date'), a.text('end_date')),
  ),
};

/** The one utility that returns a number rather than SQL: the count of binary digits that reach `upper_bound`. */
export const get_powers_of_two = pyFunction({ name: 'get_powers_of_two', params: ['upper_bound'] }, ({ upper_bound }) => {
  if (typeof upper_bound !== 'number') throw new ArgumentError('get_powers_of_two() upper_bound must be a number');
  if (upper_bound <= 0) throw new ArgumentError('upper bound must be positive');
  for (let power = 1; power < 100; power++) {
    if (upper_bound <= 2 ** power) return power;
  }
  return null;
});
