import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

export function dateTruncSql(datepart: string, date: string): string {
  return `date_trunc('${datepart}', ${date})`;
}

/** Multiplying a one-unit interval lets `interval` be any expression; DuckDB has no quarter interval, so it is three months. */
export function dateaddSql(datepart: string, interval: string, fromDateOrTimestamp: string): string {
  const count = `cast(${interval} as bigint)`;
  if (datepart === 'quarter') return `(${fromDateOrTimestamp} + (${count} * 3) * interval 1 month)`;
  if (datepart === 'week') return `(${fromDateOrTimestamp} + (${count} * 7) * interval 1 day)`;
  return `(${fromDateOrTimestamp} + ${count} * interval 1 ${datepart})`;
}

/** Counts the `datepart` boundaries crossed between the two, as dbt-duckdb does; weeks start on Sunday. */
export function datediffSql(firstDate: string, secondDate: string, datepart: string): string {
  const first = `(${firstDate})::timestamp`;
  const second = `(${secondDate})::timestamp`;
  if (datepart !== 'week') return `(date_diff('${datepart}', ${first}, ${second}))`;
  return (
    `(date_diff('day', ${first}, ${second}) // 7 + case` +
    ` when date_part('dow', ${first}) <= date_part('dow', ${second}) then case when ${first} <= ${second} then 0 else -1 end` +
    ` else case when ${first} <= ${second} then 1 else 0 end end)`
  );
}

export const dateMacros: Record<string, CrossDatabaseMacro> = {
  date_trunc: sqlMacro('date_trunc', ['datepart', 'date'], (a) => dateTruncSql(a.datepart('datepart'), a.text('date'))),
  dateadd: sqlMacro('dateadd', ['datepart', 'interval', 'from_date_or_timestamp'], (a) =>
    dateaddSql(a.datepart('datepart'), a.text('interval'), a.text('from_date_or_timestamp')),
  ),
  datediff: sqlMacro('datediff', ['first_date', 'second_date', 'datepart'], (a) =>
    datediffSql(a.text('first_date'), a.text('second_date'), a.datepart('datepart')),
  ),
  last_day: sqlMacro('last_day', ['date', 'datepart'], (a) => {
    const datepart = a.datepart('datepart');
    const nextPeriod = dateaddSql(datepart, '1', dateTruncSql(datepart, a.text('date')));
    return `cast(${dateaddSql('day', '-1', nextPeriod)} as date)`;
  }),
  date: sqlMacro('date', ['year', 'month', 'day'], (a) => `make_date(${a.text('year')}, ${a.text('month')}, ${a.text('day')})`),
  current_timestamp: sqlMacro('current_timestamp', [], () => 'now()'),
  current_timestamp_backcompat: sqlMacro('current_timestamp_backcompat', [], () => 'current_timestamp::timestamp'),
  current_timestamp_in_utc_backcompat: sqlMacro('current_timestamp_in_utc_backcompat', [], () => 'current_timestamp::timestamp'),
  snapshot_get_time: sqlMacro('snapshot_get_time', [], () => 'now()::timestamp'),
};
