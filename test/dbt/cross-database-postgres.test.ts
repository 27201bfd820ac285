import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossDatabaseMacros } from '../../electron/core/dbt/context/cross-database-macros.js';
import { Kwargs } from '../../electron/core/dbt/jinja/python-call.js';
import { startPostgres } from '../helpers/postgres-server.js';

// dbt's cross-database macros rendered for PostgreSQL, run on a real server: each gives what
// dbt-postgres's macro gives (and, where that one fails, what it means: a quarter is three months).
const started = await startPostgres();
if (!started.ok) console.warn(`PostgreSQL cross-database macro tests skipped: ${started.reason}`);

const dbt = crossDatabaseMacros('postgres');
const date = (iso: string) => `cast('${iso}' as date)`;
const timestamp = (iso: string) => `cast('${iso}' as timestamp)`;

describe.skipIf(!started.ok)("dbt's cross-database macros on PostgreSQL", () => {
  const server = started.ok ? started.server : undefined!;
  const client = new Client({ host: server?.host, port: server?.port, database: server?.database, user: server?.user, password: server?.password });

  beforeAll(async () => {
    await client.connect();
    await client.query("set timezone = 'UTC'");
  });
  afterAll(async () => {
    await client.end();
    await server.stop();
  });

  /** The one value a scalar expression evaluates to, as PostgreSQL prints it. */
  async function evaluate(expression: string): Promise<string | null> {
    const result = await client.query({ text: `select (${expression})::text as v` });
    return (result.rows[0] as { v: string | null }).v;
  }

  async function rows(sql: string): Promise<unknown[][]> {
    const result = await client.query({ text: sql, rowMode: 'array' });
    return result.rows as unknown[][];
  }

  describe('date macros', () => {
    it('datediff counts the boundaries crossed, each part from the one above it', async () => {
      expect(await evaluate(dbt.datediff!("'2024-01-01'", "'2024-03-01'", 'month'))).toBe('2');
      expect(await evaluate(dbt.datediff!(date('2024-01-31'), date('2024-02-01'), 'month'))).toBe('1');
      expect(await evaluate(dbt.datediff!(date('2023-12-31'), date('2024-01-01'), 'year'))).toBe('1');
      expect(await evaluate(dbt.datediff!(date('2024-03-31'), date('2024-04-01'), 'quarter'))).toBe('1');
      expect(await evaluate(dbt.datediff!(date('2023-11-15'), date('2024-02-15'), 'quarter'))).toBe('1');
      expect(await evaluate(dbt.datediff!(date('2024-03-01'), date('2024-01-01'), 'day'))).toBe('-60');
      expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 10:59'), timestamp('2024-01-01 12:00'), 'hour'))).toBe('2');
      expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 23:59:59'), timestamp('2024-01-02 00:00:01'), 'minute'))).toBe('1');
      expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 23:59:59.9'), timestamp('2024-01-02 00:00:01.1'), 'second'))).toBe('2');
      expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 10:00:00.250'), timestamp('2024-01-01 10:00:01'), 'millisecond'))).toBe('750');
      expect(await evaluate(dbt.datediff!(timestamp('2024-01-01 10:00:00.000250'), timestamp('2024-01-01 10:00:00.001'), 'microsecond'))).toBe('750');
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
      expect(await evaluate(dbt.dateadd!('quarter', -1, date('2024-05-31')))).toBe('2024-02-29 00:00:00');
      expect(await evaluate(dbt.dateadd!('week', '1 + 1', date('2024-01-01')))).toBe('2024-01-15 00:00:00');
      expect(await evaluate(dbt.dateadd!('HOUR', 3, timestamp('2024-01-01 22:00')))).toBe('2024-01-02 01:00:00');
      expect(await evaluate(dbt.dateadd!('year', 1, date('2024-02-29')))).toBe('2025-02-28 00:00:00');
    });

    it('date_trunc and last_day', async () => {
      expect(await evaluate(`cast(${dbt.date_trunc!('month', date('2024-02-10'))} as date)`)).toBe('2024-02-01');
      expect(await evaluate(dbt.date_trunc!('month', timestamp('2024-02-10 10:00')))).toBe('2024-02-01 00:00:00');
      expect(await evaluate(dbt.last_day!(date('2024-02-10'), 'month'))).toBe('2024-02-29');
      expect(await evaluate(dbt.last_day!(date('2024-05-10'), 'quarter'))).toBe('2024-06-30');
      expect(await evaluate(dbt.last_day!(date('2023-05-10'), 'year'))).toBe('2023-12-31');
      expect(await evaluate(dbt.last_day!(date('2024-01-03'), 'week'))).toBe('2024-01-07');
    });

    it('date builds a date from numbers', async () => {
      expect(await evaluate(dbt.date!(2024, 2, 29))).toBe('2024-02-29');
    });

    it('current timestamps are timestamps', async () => {
      expect(await evaluate(`pg_typeof(${dbt.current_timestamp!()})`)).toBe('timestamp with time zone');
      expect(await evaluate(`pg_typeof(${dbt.current_timestamp_backcompat!()})`)).toBe('timestamp without time zone');
      expect(await evaluate(`pg_typeof(${dbt.current_timestamp_in_utc_backcompat!()})`)).toBe('timestamp without time zone');
      expect(await evaluate(`pg_typeof(${dbt.snapshot_get_time!()})`)).toBe('timestamp without time zone');
    });
  });

  describe('series macros', () => {
    it('generate_series numbers rows from 1', async () => {
      expect(await rows(`select min(generated_number), max(generated_number), count(*) from (${dbt.generate_series!(5)}) as s`)).toEqual([[1, 5, '5']]);
    });

    it('date_spine stops before the end date, by days, months and weeks', async () => {
      const days = await rows(`select count(*), min(date_day)::text, max(date_day)::text from (${dbt.date_spine!('day', date('2024-01-01'), date('2024-01-31'))}) as s`);
      expect(days).toEqual([['30', '2024-01-01 00:00:00', '2024-01-30 00:00:00']]);
      const months = await rows(`select count(*) from (${dbt.date_spine!('month', date('2024-01-01'), date('2025-01-01'))}) as s`);
      expect(months).toEqual([['12']]);
      const weeks = dbt.date_spine!(new Kwargs({ datepart: 'week', start_date: date('2024-01-07'), end_date: date('2024-02-04') }));
      expect(await rows(`select count(*) from (${weeks}) as s`)).toEqual([['4']]);
    });
  });

  describe('string macros', () => {
    it('split_part counts from either end and gives an empty string past it', async () => {
      expect(await evaluate(dbt.split_part!("'a,b,c'", "','", 2))).toBe('b');
      expect(await evaluate(dbt.split_part!("'a,b,c'", "','", -1))).toBe('c');
      expect(await evaluate(dbt.split_part!("'a,b,c'", "','", -3))).toBe('a');
      expect(await evaluate(dbt.split_part!("'a--b--c'", "'--'", -2))).toBe('b');
      expect(await evaluate(dbt.split_part!("'a,b,c'", "','", 5))).toBe('');
      expect(await evaluate(dbt.split_part!("'a,b,c'", "','", -4))).toBe('');
      expect(await rows(`select ${dbt.split_part!('s', "'/'", -1)} from (values ('x/y'), ('z')) as t(s)`)).toEqual([['y'], ['z']]);
    });

    it('listagg orders and limits', async () => {
      const values = `(values ('a', 3), ('b', 1), ('c', 2)) as t(letter, rank)`;
      expect(await rows(`select ${dbt.listagg!('letter')} from (select * from ${values} order by rank) as s`)).toEqual([['b,c,a']]);
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
    it("types are the names dbt's defaults render, and PostgreSQL takes them", async () => {
      const types = [dbt.type_string!(), dbt.type_int!(), dbt.type_bigint!(), dbt.type_float!(), dbt.type_numeric!(), dbt.type_timestamp!(), dbt.type_boolean!()];
      expect(types).toEqual(['TEXT', 'INT', 'BIGINT', 'FLOAT', 'numeric(28,6)', 'TIMESTAMP', 'BOOLEAN']);
      const values = ["'a'", '1', '1', '1.5', "'1.5'", "'2024-01-01'", 'true'];
      const pgTypes: (string | null)[] = [];
      for (const [i, type] of types.entries()) pgTypes.push(await evaluate(`pg_typeof(${dbt.cast!(values[i], type)})`));
      expect(pgTypes).toEqual([
        'text', 'integer', 'bigint', 'double precision', 'numeric', 'timestamp without time zone', 'boolean',
      ]);
      expect(await evaluate(dbt.cast!("'1.5'", dbt.type_numeric!()))).toBe('1.500000');
    });

    it('safe_cast and cast_bool_to_text', async () => {
      expect(await evaluate(`${dbt.safe_cast!("'42'", dbt.type_int!())} + 1`)).toBe('43');
      expect(await evaluate(dbt.cast_bool_to_text!('1 = 1'))).toBe('true');
    });

    it('any_value, bool_or, equals (nulls equal, as dbt-postgres has it)', async () => {
      expect(await rows(`select ${dbt.any_value!('x')}, ${dbt.bool_or!('x > 2')} from (values (3), (3)) as t(x)`)).toEqual([[3, true]]);
      expect(await evaluate(dbt.equals!('1', '1'))).toBe('true');
      expect(await evaluate(dbt.equals!('null::int', 'null::int'))).toBe('true');
      expect(await evaluate(dbt.equals!('1', 'null::int'))).toBe('false');
    });

    it('except and intersect', async () => {
      expect(await rows(`select 1 ${dbt.except!()} select 2`)).toEqual([[1]]);
      expect(await rows(`select 1 ${dbt.intersect!()} select 2`)).toEqual([]);
    });

    it('arrays', async () => {
      expect(await evaluate(dbt.array_construct!([1, 2]))).toBe('{1,2}');
      expect(await evaluate(`pg_typeof(${dbt.array_construct!()})`)).toBe('integer[]');
      expect(await evaluate(dbt.array_construct!(new Kwargs({ inputs: [], data_type: 'varchar' })))).toBe('{}');
      expect(await evaluate(dbt.array_append!(dbt.array_construct!([1]), 2))).toBe('{1,2}');
      expect(await evaluate(dbt.array_concat!(dbt.array_construct!([1]), dbt.array_construct!([2, 3])))).toBe('{1,2,3}');
    });
  });
});
