import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossDatabaseMacros, crossDatabaseValueMacros } from '../../electron/core/dbt/context/cross-database-macros.js';
import { ArgumentError, Kwargs } from '../../electron/core/dbt/jinja/python-call.js';

const dbt = crossDatabaseMacros('duckdb');
let instance: DuckDBInstance;
let connection: DuckDBConnection;

beforeAll(async () => {
  instance = await DuckDBInstance.create(':memory:');
  connection = await instance.connect();
});

afterAll(() => {
  connection.closeSync();
  instance.closeSync();
});

/** The one value a scalar expression evaluates to, as DuckDB prints it. */
async function evaluate(expression: string): Promise<string | null> {
  const reader = await connection.runAndReadAll(`select cast((${expression}) as varchar)`);
  return reader.getRowsJS()[0]?.[0] as string | null;
}

async function rows(sql: string): Promise<unknown[][]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowsJS();
}

const date = (iso: string) => `cast('${iso}' as date)`;
const timestamp = (iso: string) => `cast('${iso}' as timestamp)`;

describe('date macros', () => {
  it('datediff counts the boundaries crossed', async () => {
    expect(await evaluate(dbt.datediff!("'2024-01-01'", "'2024-03-01'", 'month'))).toBe('2');
    expect(await evaluate(dbt.datediff!(date('2024-01-31'), date('2024-02-01'), 'month'))).toBe('1');
    expect(await evaluate(dbt.datediff!(date('2023-12-31'), date('2024-01-01'), 'year'))).toBe('1');
    expect(await evaluate(dbt.datediff!(date('2024-03-01'), date('2024-01-01'), 'day'))).toBe('-60');
    expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 10:59'), timestamp('2024-01-01 12:00'), 'hour'))).toBe('2');
  });

  it('datediff counts weeks from Sunday to Sunday', async () => {
    expect(await evaluate(dbt.datediff!(date('2024-01-06'), date('2024-01-07'), 'week'))).toBe('1');
    expect(await evaluate(dbt.datediff!(date('2024-01-07'), date('2024-01-13'), 'week'))).toBe('0');
    expect(await evaluate(dbt.datediff!(date('2024-01-01'), date('2024-01-15'), 'week'))).toBe('2');
    expect(await evaluate(dbt.datediff!(date('2024-01-07'), date('2024-01-06'), 'week'))).toBe('-1');
  });

  it('dateadd adds any unit, quarters and weeks included, and takes expressions as the interval', async () => {
    expect(await evaluate(dbt.dateadd!('day', 1, date('2024-02-28')))).toBe('2024-02-29 00:00:00');
    expect(await evaluate(dbt.dateadd!('month', -1, date('2024-03-31')))).toBe('2024-02-29 00:00:00');
    expect(await evaluate(dbt.dateadd!('quarter', '2', date('2024-01-15')))).toBe('2024-07-15 00:00:00');
    expect(await evaluate(dbt.dateadd!('week', '1 + 1', date('2024-01-01')))).toBe('2024-01-15 00:00:00');
    expect(await evaluate(dbt.dateadd!('HOUR', 3, timestamp('2024-01-01 22:00')))).toBe('2024-01-02 01:00:00');
  });

  it('date_trunc and last_day', async () => {
    expect(await evaluate(dbt.date_trunc!('month', date('2024-02-10')))).toBe('2024-02-01 00:00:00');
    expect(await evaluate(dbt.last_day!(date('2024-02-10'), 'month'))).toBe('2024-02-29');
    expect(await evaluate(dbt.last_day!(date('2024-05-10'), 'quarter'))).toBe('2024-06-30');
    expect(await evaluate(dbt.last_day!(date('2023-05-10'), 'year'))).toBe('2023-12-31');
  });

  it('date builds a date from numbers', async () => {
    expect(await evaluate(dbt.date!(2024, 2, 29))).toBe('2024-02-29');
  });

  it('current timestamps are timestamps', async () => {
    expect(await evaluate(`typeof(${dbt.current_timestamp!()})`)).toBe('TIMESTAMP WITH TIME ZONE');
    expect(await evaluate(`typeof(${dbt.current_timestamp_backcompat!()})`)).toBe('TIMESTAMP');
    expect(await evaluate(`typeof(${dbt.current_timestamp_in_utc_backcompat!()})`)).toBe('TIMESTAMP');
  });
});

describe('series macros', () => {
  it('generate_series numbers rows from 1', async () => {
    expect(await rows(`select min(generated_number), max(generated_number), count(*) from (${dbt.generate_series!(5)})`)).toEqual([[1n, 5n, 5n]]);
  });

  it('date_spine stops before the end date', async () => {
    const days = await rows(`select count(*), min(date_day)::varchar, max(date_day)::varchar from (${dbt.date_spine!('day', date('2024-01-01'), date('2024-01-31'))})`);
    expect(days).toEqual([[30n, '2024-01-01 00:00:00', '2024-01-30 00:00:00']]);
    const months = await rows(`select count(*) from (${dbt.date_spine!('month', date('2024-01-01'), date('2025-01-01'))})`);
    expect(months).toEqual([[12n]]);
  });

  it('date_spine binds keyword arguments', async () => {
    const sql = dbt.date_spine!(new Kwargs({ datepart: 'week', start_date: date('2024-01-07'), end_date: date('2024-02-04') }));
    expect(await rows(`select count(*) from (${sql})`)).toEqual([[4n]]);
  });

  it('get_powers_of_two returns a number', () => {
    expect(crossDatabaseValueMacros.get_powers_of_two!(5)).toBe(3);
    expect(crossDatabaseValueMacros.get_powers_of_two!(1024)).toBe(10);
    expect(() => crossDatabaseValueMacros.get_powers_of_two!(0)).toThrow('upper bound must be positive');
  });
});

describe('string macros', () => {
  it('split_part counts from either end and gives an empty string past it', async () => {
    expect(await evaluate(dbt.split_part!("'a,b,c'", "','", 2))).toBe('b');
    expect(await evaluate(dbt.split_part!("'a,b,c'", "','", -1))).toBe('c');
    expect(await evaluate(dbt.split_part!("'a--b--c'", "'--'", -2))).toBe('b');
    expect(await evaluate(dbt.split_part!("'a,b,c'", "','", 5))).toBe('');
  });

  it('listagg orders and limits', async () => {
    const values = `(values ('a', 3), ('b', 1), ('c', 2)) as t(letter, rank)`;
    expect(await rows(`select ${dbt.listagg!('letter')} from (select * from ${values} order by rank)`)).toEqual([['b,c,a']]);
    expect(await rows(`select ${dbt.listagg!('letter', "'|'", 'order by rank desc')} from ${values}`)).toEqual([['a|c|b']]);
    expect(await rows(`select ${dbt.listagg!('letter', "', '", 'order by rank', 2)} from ${values}`)).toEqual([['b, c']]);
    const byKeyword = dbt.listagg!('letter', new Kwargs({ limit_num: 1, order_by_clause: 'order by letter desc' }));
    expect(await rows(`select ${byKeyword} from ${values}`)).toEqual([['c']]);
  });

  it('hash is the md5 of the text', async () => {
    expect(await evaluate(dbt.hash!("'abc'"))).toBe('900150983cd24fb0d6963f7d28e17f72');
    expect(await evaluate(dbt.hash!(1))).toBe('c4ca4238a0b923820dcc509a6f75849b');
  });

  it('concat, replace, length, position, right', async () => {
    expect(await evaluate(dbt.concat!(["'a'", "'b'", "'c'"]))).toBe('abc');
    expect(dbt.concat!(['first_name'])).toBe('first_name');
    expect(await evaluate(dbt.replace!("'a-b-c'", "'-'", "'+'"))).toBe('a+b+c');
    expect(await evaluate(dbt.length!("'abcd'"))).toBe('4');
    expect(await evaluate(dbt.position!("'c'", "'abcd'"))).toBe('3');
    expect(await evaluate(dbt.right!("'abcd'", 2))).toBe('cd');
  });

  it('quotes text with its single quotes escaped', async () => {
    expect(await evaluate(dbt.string_literal!(dbt.escape_single_quotes!("they're")))).toBe("they're");
  });
});

describe('type and query macros', () => {
  it('types are the names dbt-duckdb renders', async () => {
    expect([dbt.type_string!(), dbt.type_int!(), dbt.type_bigint!(), dbt.type_float!(), dbt.type_numeric!(), dbt.type_timestamp!(), dbt.type_boolean!()]).toEqual([
      'TEXT', 'INT', 'BIGINT', 'FLOAT', 'numeric(28,6)', 'TIMESTAMP', 'BOOLEAN',
    ]);
    expect(await evaluate(`typeof(${dbt.cast!("'1.5'", dbt.type_numeric!())})`)).toBe('DECIMAL(28,6)');
  });

  it('safe_cast and cast_bool_to_text', async () => {
    expect(await evaluate(`${dbt.safe_cast!("'42'", dbt.type_int!())} + 1`)).toBe('43');
    expect(await evaluate(dbt.cast_bool_to_text!('1 = 1'))).toBe('true');
  });

  it('any_value, bool_or, equals', async () => {
    expect(await rows(`select ${dbt.any_value!('x')}, ${dbt.bool_or!('x > 2')} from (values (3), (3)) as t(x)`)).toEqual([[3, true]]);
    expect(await evaluate(dbt.equals!('1', '1'))).toBe('true');
  });

  it('except and intersect', async () => {
    expect(await rows(`select 1 ${dbt.except!()} select 2`)).toEqual([[1]]);
    expect(await rows(`select 1 ${dbt.intersect!()} select 2`)).toEqual([]);
  });

  it('arrays', async () => {
    expect(await evaluate(dbt.array_construct!([1, 2]))).toBe('[1, 2]');
    expect(await evaluate(`typeof(${dbt.array_construct!()})`)).toBe('INTEGER[]');
    expect(await evaluate(dbt.array_construct!(new Kwargs({ inputs: [], data_type: 'varchar' })))).toBe('[]');
    expect(await evaluate(dbt.array_append!(dbt.array_construct!([1]), 2))).toBe('[1, 2]');
    expect(await evaluate(dbt.array_concat!(dbt.array_construct!([1]), dbt.array_construct!([2, 3])))).toBe('[1, 2, 3]');
  });
});

describe('calling convention', () => {
  it('keyword arguments render the same SQL as positional ones', () => {
    expect(dbt.dateadd!(new Kwargs({ datepart: 'day', interval: 1, from_date_or_timestamp: 'd' }))).toBe(dbt.dateadd!('day', 1, 'd'));
    expect(dbt.datediff!('a', new Kwargs({ datepart: 'month', second_date: 'b' }))).toBe(dbt.datediff!('a', 'b', 'month'));
  });

  it('a missing argument is an error naming the macro and the parameter', () => {
    expect(() => dbt.dateadd!('day', 1)).toThrow(ArgumentError);
    expect(() => dbt.dateadd!('day', 1)).toThrow("dateadd() missing required argument 'from_date_or_timestamp'");
  });

  it('unknown keywords, None and non-words as date parts are errors', () => {
    expect(() => dbt.hash!(new Kwargs({ expression: 'x' }))).toThrow("hash() got an unexpected keyword argument 'expression'");
    expect(() => dbt.length!(null)).toThrow("length() argument 'expression' is None");
    expect(() => dbt.date_trunc!("day'); drop table x; --", 'd')).toThrow('is not a date part');
    expect(() => dbt.concat!('a')).toThrow("concat() argument 'fields' must be a list");
  });
});
