import type { SqlDialect } from './dialects/sql-dialect.js';
import { sqlMacro, type CrossDatabaseMacro } from './sql-macro.js';

export function dateMacros(sql: SqlDialect): Record<string, CrossDatabaseMacro> {
  return {
    date_trunc: sqlMacro('date_trunc', ['datepart', 'date'], (a) => sql.dateTrunc(a.datepart('datepart'), a.text('date'))),
    dateadd: sqlMacro('dateadd', ['datepart', 'interval', 'from_date_or_timestamp'], (a) =>
      sql.dateadd(a.datepart('datepart'), a.text('interval'), a.text('from_date_or_timestamp')),
    ),
    datediff: sqlMacro('datediff', ['first_date', 'second_date', 'datepart'], (a) =>
      sql.datediff(a.text('first_date'), a.text('second_date'), a.datepart('datepart')),
    ),
    last_day: sqlMacro('last_day', ['date', 'datepart'], (a) => sql.lastDay(a.text('date'), a.datepart('datepart'))),
    date: sqlMacro('date', ['year', 'month', 'day'], (a) => sql.date(a.text('year'), a.text('month'), a.text('day'))),
    current_timestamp: sqlMacro('current_timestamp', [], () => sql.currentTimestamp()),
    current_timestamp_backcompat: sqlMacro('current_timestamp_backcompat', [], () => sql.currentTimestampBackcompat()),
    current_timestamp_in_utc_backcompat: sqlMacro('current_timestamp_in_utc_backcompat', [], () => sql.currentTimestampInUtcBackcompat()),
    snapshot_get_time: sqlMacro('snapshot_get_time', [], () => sql.snapshotGetTime()),
  };
}
