import type { AdapterType } from '../../../adapter-type.js';
import { CompilerError } from '../../../jinja/render-error.js';

/** What dbt's generic type macros render (`api.Column.translate_type`): dbt-duckdb and dbt-postgres keep dbt's defaults. */
export const typeNames = {
  string: 'TEXT',
  timestamp: 'TIMESTAMP',
  float: 'FLOAT',
  int: 'INT',
  bigint: 'BIGINT',
  boolean: 'BOOLEAN',
  numeric: 'numeric(28,6)',
} as const;

/** One `listagg` call, as SQL text; the order and the limit are optional. */
export interface ListaggCall {
  measure: string;
  delimiter: string;
  orderBy?: string;
  limit?: string;
}

/**
 * How dbt's cross-database macros render on one engine. Arguments are the SQL snippets the
 * template passed (date parts already checked to be bare words); each method returns SQL.
 *
 * This class holds what every engine renders alike (mostly dbt-core's `default__` macros); an
 * engine's subclass implements the abstract methods and overrides what its dbt adapter overrides,
 * the way `adapter.dispatch` takes `postgres__x` before `default__x`. The compositions here
 * (`lastDay`, `dateSpine`, `hash`) call the engine's own methods.
 */
export abstract class SqlDialect {
  abstract readonly target: AdapterType;

  abstract dateadd(datepart: string, interval: string, fromDateOrTimestamp: string): string;
  abstract datediff(firstDate: string, secondDate: string, datepart: string): string;
  abstract splitPart(text: string, delimiter: string, partNumber: string): string;
  abstract listagg(call: ListaggCall): string;
  abstract anyValue(expression: string): string;
  abstract generateSeries(upperBound: string): string;

  readonly types = typeNames;

  dateTrunc(datepart: string, date: string): string {
    return `date_trunc('${datepart}', ${date})`;
  }

  lastDay(date: string, datepart: string): string {
    const nextPeriod = this.dateadd(datepart, '1', this.dateTrunc(datepart, date));
    return `cast(${this.dateadd('day', '-1', nextPeriod)} as date)`;
  }

  date(year: string, month: string, day: string): string {
    return `make_date(${year}, ${month}, ${day})`;
  }

  currentTimestamp(): string {
    return 'now()';
  }

  currentTimestampBackcompat(): string {
    return 'current_timestamp::timestamp';
  }

  currentTimestampInUtcBackcompat(): string {
    return this.currentTimestampBackcompat();
  }

  snapshotGetTime(): string {
    return 'now()::timestamp';
  }

  /**
   * dbt counts the periods with a query at compile time (`get_intervals_between`); here the engine
   * counts them inside the query instead, which gives the same rows without a round trip while rendering.
   */
  dateSpine(datepart: string, startDate: string, endDate: string): string {
    const period = `date_${datepart}`;
    return [
      'with rawdata as (',
      `    ${this.generateSeries(this.datediff(startDate, endDate, datepart))}`,
      '),',
      'all_periods as (',
      `    select (${this.dateadd(datepart, 'row_number() over (order by generated_number) - 1', startDate)}) as ${period}`,
      '    from rawdata',
      '),',
      'filtered as (',
      `    select * from all_periods where ${period} <= ${endDate}`,
      ')',
      'select * from filtered',
    ].join('\n');
  }

  cast(field: string, type: string): string {
    return `cast(${field} as ${type})`;
  }

  /** dbt-duckdb and dbt-postgres keep dbt's default: a value that does not convert fails the query. */
  safeCast(field: string, type: string): string {
    return this.cast(field, type);
  }

  castBoolToText(field: string): string {
    return this.cast(field, this.types.string);
  }

  concat(fields: string[]): string {
    return fields.join(' || ');
  }

  hash(field: string): string {
    return `md5(${this.cast(field, this.types.string)})`;
  }

  replace(field: string, oldChars: string, newChars: string): string {
    return `replace(${field}, ${oldChars}, ${newChars})`;
  }

  length(expression: string): string {
    return `length(${expression})`;
  }

  position(substring: string, text: string): string {
    return `position(${substring} in ${text})`;
  }

  right(text: string, length: string): string {
    return `right(${text}, ${length})`;
  }

  escapeSingleQuotes(expression: string): string {
    return expression.replaceAll("'", "''");
  }

  stringLiteral(value: string): string {
    return `'${value}'`;
  }

  boolOr(expression: string): string {
    return `bool_or(${expression})`;
  }

  except(): string {
    return 'except';
  }

  intersect(): string {
    return 'intersect';
  }

  /** The form dbt renders while the `enable_truthy_nulls_equals_macro` behaviour flag is off (its default). */
  equals(left: string, right: string): string {
    return `(${left} = ${right})`;
  }

  arrayConstruct(inputs: string[]): string {
    return `array[ ${inputs.join(' , ')} ]`;
  }

  emptyArray(dataType: string): string {
    return `array[]::${dataType}[]`;
  }

  arrayAppend(array: string, element: string): string {
    return `array_append(${array}, ${element})`;
  }

  arrayConcat(first: string, second: string): string {
    return `array_cat(${first}, ${second})`;
  }

  /** `string_agg`, which both engines have; only a limited listagg differs. */
  protected stringAgg({ measure, delimiter, orderBy }: ListaggCall): string {
    return `string_agg(${measure}, ${delimiter}${orderBy ? ` ${orderBy}` : ''})`;
  }

  /** A macro this engine has no SQL for, as asked: a compile error naming both, never SQL that means something else. */
  protected unsupported(macro: string, what: string): never {
    throw new CompilerError(`Compilation Error: ${macro}(): ${what} on target type '${this.target}'`);
  }
}
