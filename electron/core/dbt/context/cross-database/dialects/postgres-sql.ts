import { SqlDialect, type ListaggCall } from './sql-dialect.js';

/** The units PostgreSQL's interval input takes (`interval '1 week'`); a quarter is written as three months. */
const INTERVAL_UNITS = new Set(['microsecond', 'millisecond', 'second', 'minute', 'hour', 'day', 'week', 'month', 'quarter', 'year', 'decade', 'century', 'millennium']);

/** The date parts dbt-postgres's `datediff` counts. */
const DATEDIFF_PARTS = ['year', 'quarter', 'month', 'week', 'day', 'hour', 'minute', 'second', 'millisecond', 'microsecond'];

/**
 * dbt's cross-database macros as dbt-postgres renders them (its `postgres__` macros), with three
 * corrections where its SQL fails or misleads: `dateadd` by quarters (PostgreSQL has no quarter
 * interval: dbt-postgres's SQL fails), `split_part` from the end with a delimiter longer than one
 * character, and a part before the first, which is '' as on DuckDB rather than an error.
 */
export class PostgresSql extends SqlDialect {
  readonly target = 'postgres';

  dateadd(datepart: string, interval: string, fromDateOrTimestamp: string): string {
    if (!INTERVAL_UNITS.has(datepart)) this.unsupported('dateadd', `'${datepart}' is not an interval unit (${[...INTERVAL_UNITS].join(', ')})`);
    const unit = datepart === 'quarter' ? '3 month' : `1 ${datepart}`;
    return `(${fromDateOrTimestamp} + ((interval '${unit}') * (${interval})))`;
  }

  /** Counts the boundaries crossed, each unit from the one above it (months from years, hours from days); weeks start on Sunday. */
  datediff(firstDate: string, secondDate: string, datepart: string): string {
    const asDate = (sql: string) => `(${sql})::date`;
    const asTimestamp = (sql: string) => `(${sql})::timestamp`;
    const partDiff = (part: string, as: (sql: string) => string, round = (sql: string) => sql) =>
      `${round(`date_part('${part}', ${as(secondDate)})`)} - ${round(`date_part('${part}', ${as(firstDate)})`)}`;
    const floor = (sql: string) => `floor(${sql})`;
    const diff = (part: string) => this.datediff(firstDate, secondDate, part);
    switch (datepart) {
      case 'year':
        return `(${partDiff('year', asDate)})`;
      case 'quarter':
        return `(${diff('year')} * 4 + ${partDiff('quarter', asDate)})`;
      case 'month':
        return `(${diff('year')} * 12 + ${partDiff('month', asDate)})`;
      case 'day':
        return `(${asDate(secondDate)} - ${asDate(firstDate)})`;
      case 'week': {
        const [first, second] = [asTimestamp(firstDate), asTimestamp(secondDate)];
        return (
          `(${diff('day')} / 7 + case` +
          ` when date_part('dow', ${first}) <= date_part('dow', ${second}) then case when ${first} <= ${second} then 0 else -1 end` +
          ` else case when ${first} <= ${second} then 1 else 0 end end)`
        );
      }
      case 'hour':
        return `(${diff('day')} * 24 + ${partDiff('hour', asTimestamp)})`;
      case 'minute':
        return `(${diff('hour')} * 60 + ${partDiff('minute', asTimestamp)})`;
      case 'second':
        return `(${diff('minute')} * 60 + ${partDiff('second', asTimestamp, floor)})`;
      case 'millisecond':
        return `(${diff('minute')} * 60000 + ${partDiff('millisecond', asTimestamp, floor)})`;
      case 'microsecond':
        return `(${diff('minute')} * 60000000 + ${partDiff('microsecond', asTimestamp, floor)})`;
      default:
        return this.unsupported('datediff', `datepart '${datepart}' is not one of ${DATEDIFF_PARTS.join(', ')}`);
    }
  }

  /**
   * A negative part counts from the end, as dbt-postgres's `_split_part_negative` does (through the
   * number of delimiters, so that PostgreSQL before 14 and Redshift run it); a part before the first is ''.
   */
  splitPart(text: string, delimiter: string, partNumber: string): string {
    if (!/^\s*-\s*\d+\s*$/.test(partNumber)) return `split_part(${text}, ${delimiter}, ${partNumber})`;
    const fromStart = `(length(${text}) - length(replace(${text}, ${delimiter}, ''))) / length(${delimiter}) + 2 + (${partNumber})`;
    // greatest(): PostgreSQL may fold a constant split_part even in the branch not taken, and part 0 is an error there.
    return `case when ${fromStart} >= 1 then split_part(${text}, ${delimiter}, greatest(${fromStart}, 1)) else '' end`;
  }

  listagg(call: ListaggCall): string {
    if (!call.limit) return this.stringAgg(call);
    const orderBy = call.orderBy ? ` ${call.orderBy}` : '';
    return `array_to_string((array_agg(${call.measure}${orderBy}))[1:${call.limit}], ${call.delimiter})`;
  }

  /** PostgreSQL before 16 has no any_value; dbt-postgres takes min(), one of the values. */
  anyValue(expression: string): string {
    return `min(${expression})`;
  }

  /** generate_series takes integers: a bound computed as a double (a datediff in months) is cast. */
  generateSeries(upperBound: string): string {
    const bound = /^\s*\d+\s*$/.test(upperBound) ? upperBound : `cast(${upperBound} as bigint)`;
    return `select generate_series as generated_number from generate_series(1, ${bound})`;
  }

  override currentTimestampInUtcBackcompat(): string {
    return `(current_timestamp at time zone 'utc')::${this.types.timestamp}`;
  }

  /** dbt-postgres compares nulls as equal. */
  override equals(left: string, right: string): string {
    return `(${left} is not distinct from ${right})`;
  }
}
