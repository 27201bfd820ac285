import { SqlDialect, type ListaggCall } from './sql-dialect.js';

/** dbt's cross-database macros as dbt-duckdb renders them. */
export class DuckdbSql extends SqlDialect {
  readonly target = 'duckdb';

  /** Multiplying a one-unit interval lets `interval` be any expression; DuckDB has no quarter interval, so it is three months. */
  dateadd(datepart: string, interval: string, fromDateOrTimestamp: string): string {
    const count = `cast(${interval} as bigint)`;
    if (datepart === 'quarter') return `(${fromDateOrTimestamp} + (${count} * 3) * interval 1 month)`;
    if (datepart === 'week') return `(${fromDateOrTimestamp} + (${count} * 7) * interval 1 day)`;
    return `(${fromDateOrTimestamp} + ${count} * interval 1 ${datepart})`;
  }

  /** Counts the `datepart` boundaries crossed between the two, as dbt-duckdb does; weeks start on Sunday. */
  datediff(firstDate: string, secondDate: string, datepart: string): string {
    const first = `(${firstDate})::timestamp`;
    const second = `(${secondDate})::timestamp`;
    if (datepart !== 'week') return `(date_diff('${datepart}', ${first}, ${second}))`;
    return (
      `(date_diff('day', ${first}, ${second}) // 7 + case` +
      ` when date_part('dow', ${first}) <= date_part('dow', ${second}) then case when ${first} <= ${second} then 0 else -1 end` +
      ` else case when ${first} <= ${second} then 1 else 0 end end)`
    );
  }

  // DuckDB lists index from the end for negative numbers, so one form serves every part number,
  // and `coalesce` makes a part past the end '' as split_part does elsewhere.
  splitPart(text: string, delimiter: string, partNumber: string): string {
    return `coalesce(string_split(${text}, ${delimiter})[${partNumber}], '')`;
  }

  listagg(call: ListaggCall): string {
    if (!call.limit) return this.stringAgg(call);
    const orderBy = call.orderBy ? ` ${call.orderBy}` : '';
    return `list_aggr((array_agg(${call.measure}${orderBy}))[1:${call.limit}], 'string_agg', ${call.delimiter})`;
  }

  anyValue(expression: string): string {
    return `arbitrary(${expression})`;
  }

  generateSeries(upperBound: string): string {
    return `select generate_series as generated_number from generate_series(1, ${upperBound})`;
  }
}
