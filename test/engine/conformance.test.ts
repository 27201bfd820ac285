/**
 * One conformance suite, run against both engines on real DuckDB. Every expectation is a literal
 * shared by the two runs, so passing on both means both engines return the same thing.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeEngine } from '../../electron/core/engine/duckdb-native.js';
import { openWasmEngine } from '../../electron/core/engine/duckdb-wasm.js';
import type { Engine, EngineConnection, OpenOptions, QueryResult, QueryRows } from '../../electron/core/engine/engine.js';

interface EngineUnderTest {
  name: Engine['name'];
  open(options: OpenOptions): Promise<Engine>;
}

const engines: EngineUnderTest[] = [
  { name: 'duckdb-native', open: openNativeEngine },
  { name: 'duckdb-wasm', open: openWasmEngine },
];

function rowsOf(result: QueryResult): QueryRows {
  if (!result.ok) throw new Error(`query failed: ${result.error}`);
  return result;
}

async function collect(stream: AsyncIterable<QueryRows>): Promise<QueryRows[]> {
  const chunks: QueryRows[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'assay-engine-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe.each(engines)('$name', ({ name, open }) => {
  let engine: Engine;
  let conn: EngineConnection;

  beforeAll(async () => {
    engine = await open({ path: ':memory:' });
    conn = await engine.connect();
  });

  afterAll(async () => {
    await engine.close();
  });

  it('reports its name', () => {
    expect(engine.name).toBe(name);
  });

  it('converts scalar values and names their types', async () => {
    const result = rowsOf(
      await conn.query(`SELECT
        42::INTEGER AS int,
        -7::BIGINT AS small_bigint,
        9007199254740993::BIGINT AS big_bigint,
        -9007199254740993::BIGINT AS negative_bigint,
        123456789012345678901234567890::HUGEINT AS huge,
        0.1::DOUBLE AS dbl,
        1234.56::DECIMAL(18,2) AS dec,
        -0.001::DECIMAL(9,3) AS small_dec,
        'héllo wörld 🦆 日本' AS text,
        true AS yes,
        false AS no,
        DATE '2024-02-29' AS day,
        DATE '1969-12-31' AS before_epoch,
        TIMESTAMP '2024-02-29 13:14:15.123456' AS ts,
        TIMESTAMP '1960-01-01 00:00:00' AS old_ts,
        TIMESTAMP '2024-01-01 10:00:00.5' AS half_second,
        TIME '23:59:58' AS tm,
        'abc'::BLOB AS bytes`),
    );
    expect(result.columns).toEqual([
      { name: 'int', type: 'INTEGER' },
      { name: 'small_bigint', type: 'BIGINT' },
      { name: 'big_bigint', type: 'BIGINT' },
      { name: 'negative_bigint', type: 'BIGINT' },
      { name: 'huge', type: 'HUGEINT' },
      { name: 'dbl', type: 'DOUBLE' },
      { name: 'dec', type: 'DECIMAL(18,2)' },
      { name: 'small_dec', type: 'DECIMAL(9,3)' },
      { name: 'text', type: 'VARCHAR' },
      { name: 'yes', type: 'BOOLEAN' },
      { name: 'no', type: 'BOOLEAN' },
      { name: 'day', type: 'DATE' },
      { name: 'before_epoch', type: 'DATE' },
      { name: 'ts', type: 'TIMESTAMP' },
      { name: 'old_ts', type: 'TIMESTAMP' },
      { name: 'half_second', type: 'TIMESTAMP' },
      { name: 'tm', type: 'TIME' },
      { name: 'bytes', type: 'BLOB' },
    ]);
    expect(result.rows).toEqual([
      {
        int: 42,
        small_bigint: -7,
        big_bigint: '9007199254740993',
        negative_bigint: '-9007199254740993',
        huge: '123456789012345678901234567890',
        dbl: 0.1,
        dec: 1234.56,
        small_dec: -0.001,
        text: 'héllo wörld 🦆 日本',
        yes: true,
        no: false,
        day: '2024-02-29',
        before_epoch: '1969-12-31',
        ts: '2024-02-29T13:14:15.123456',
        old_ts: '1960-01-01T00:00:00',
        half_second: '2024-01-01T10:00:00.5',
        tm: '23:59:58',
        bytes: 'YWJj',
      },
    ]);
  });

  it('reads booleans row by row', async () => {
    const result = rowsOf(await conn.query('SELECT range % 3 = 0 AS third, [range % 2 = 0, NULL] AS pair FROM range(20)'));
    expect(result.rows.map((row) => row.third)).toEqual(Array.from({ length: 20 }, (_, i) => i % 3 === 0));
    expect(result.rows.map((row) => row.pair)).toEqual(Array.from({ length: 20 }, (_, i) => [i % 2 === 0, null]));
  });

  it('keeps a BIGINT of exactly 2^53 - 1 a number and 2^53 a string', async () => {
    const result = rowsOf(await conn.query('SELECT 9007199254740991::BIGINT AS max_safe, 9007199254740992::BIGINT AS beyond'));
    expect(result.rows).toEqual([{ max_safe: 9007199254740991, beyond: '9007199254740992' }]);
  });

  it('converts lists, structs and maps', async () => {
    const result = rowsOf(
      await conn.query(`SELECT
        [1, 2, NULL] AS ints,
        ['a', 'ö'] AS words,
        {'id': 9007199254740993::BIGINT, 'name': 'x', 'tags': ['p', 'q']} AS item,
        [{'d': DATE '2024-01-02', 't': TIMESTAMP '2024-01-02 03:04:05'}] AS events,
        MAP {'k': 1} AS lookup,
        []::INTEGER[] AS empty`),
    );
    expect(result.columns).toEqual([
      { name: 'ints', type: 'INTEGER[]' },
      { name: 'words', type: 'VARCHAR[]' },
      { name: 'item', type: 'STRUCT("id" BIGINT, "name" VARCHAR, "tags" VARCHAR[])' },
      { name: 'events', type: 'STRUCT("d" DATE, "t" TIMESTAMP)[]' },
      { name: 'lookup', type: 'MAP(VARCHAR, INTEGER)' },
      { name: 'empty', type: 'INTEGER[]' },
    ]);
    expect(result.rows).toEqual([
      {
        ints: [1, 2, null],
        words: ['a', 'ö'],
        item: { id: '9007199254740993', name: 'x', tags: ['p', 'q'] },
        events: [{ d: '2024-01-02', t: '2024-01-02T03:04:05' }],
        lookup: [{ key: 'k', value: 1 }],
        empty: [],
      },
    ]);
  });

  it('returns NULL of every type as null', async () => {
    const result = rowsOf(
      await conn.query(`SELECT NULL::INTEGER AS i, NULL::BIGINT AS b, NULL::DOUBLE AS d, NULL::DECIMAL(10,2) AS dec,
        NULL::VARCHAR AS s, NULL::BOOLEAN AS yes, NULL::DATE AS day, NULL::TIMESTAMP AS ts,
        NULL::INTEGER[] AS list, NULL::STRUCT(a INTEGER) AS item, {'a': NULL::INTEGER} AS inner_null`),
    );
    expect(result.rows).toEqual([
      { i: null, b: null, d: null, dec: null, s: null, yes: null, day: null, ts: null, list: null, item: null, inner_null: { a: null } },
    ]);
  });

  it('keeps the values of repeated column names', async () => {
    const result = rowsOf(await conn.query('SELECT 1 AS a, 2 AS a, 3 AS a'));
    expect(result.columns.map((column) => column.name)).toEqual(['a', 'a', 'a']);
    expect(result.rows).toEqual([{ a: 1, 'a:1': 2, 'a:2': 3 }]);
  });

  it('returns the rows of the last statement of a script', async () => {
    const result = rowsOf(await conn.query('CREATE TABLE script_t AS SELECT 1 AS i; INSERT INTO script_t VALUES (2); SELECT sum(i) AS total FROM script_t'));
    expect(result.rows).toEqual([{ total: 3 }]);
  });

  it('returns the columns of an empty result', async () => {
    const result = rowsOf(await conn.query('SELECT 1::INTEGER AS a, \'x\' AS b WHERE false'));
    expect(result).toEqual({ ok: true, columns: [{ name: 'a', type: 'INTEGER' }, { name: 'b', type: 'VARCHAR' }], rows: [] });
  });

  describe('parameters', () => {
    it('binds $n and ? parameters as values', async () => {
      const dollar = rowsOf(await conn.query('SELECT $1::INTEGER + 1 AS n, $2 AS s, $3 AS yes, $4::INTEGER AS missing', [41, 'ünï', true, null]));
      expect(dollar.rows).toEqual([{ n: 42, s: 'ünï', yes: true, missing: null }]);
      const question = rowsOf(await conn.query('SELECT ? * 2 AS doubled, ? AS s', [2.5, 'x']));
      expect(question.rows).toEqual([{ doubled: 5, s: 'x' }]);
    });

    it('treats a hostile string as a value, never as SQL', async () => {
      const hostile = "'; drop table victims; --";
      rowsOf(await conn.query('CREATE TABLE victims (name VARCHAR)'));
      rowsOf(await conn.query('INSERT INTO victims VALUES ($1)', [hostile]));
      const found = rowsOf(await conn.query('SELECT name, length(name) AS len FROM victims WHERE name = ?', [hostile]));
      expect(found.rows).toEqual([{ name: hostile, len: hostile.length }]);
      const still = rowsOf(await conn.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'victims'"));
      expect(still.rows).toEqual([{ n: 1 }]);
    });

    it('casts numbers to the type the statement expects', async () => {
      rowsOf(await conn.query('CREATE TABLE typed (id BIGINT, amount DECIMAL(10,2))'));
      rowsOf(await conn.query('INSERT INTO typed VALUES ($1, $2)', [7, 12.5]));
      const result = rowsOf(await conn.query('SELECT * FROM typed WHERE id = $1', [7]));
      expect(result.columns).toEqual([{ name: 'id', type: 'BIGINT' }, { name: 'amount', type: 'DECIMAL(10,2)' }]);
      expect(result.rows).toEqual([{ id: 7, amount: 12.5 }]);
    });

    it('refuses list and struct parameters with an error value', async () => {
      const result = await conn.query('SELECT $1 AS v', [[1, 2]]);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/parameter 1/);
    });
  });

  describe('streaming', () => {
    it('reads a 1,000,000-row result in several chunks', async () => {
      let total = 0;
      let sum = 0;
      let chunks = 0;
      let largest = 0;
      for await (const chunk of conn.stream('SELECT range AS n FROM range(1000000)')) {
        chunks += 1;
        total += chunk.rows.length;
        largest = Math.max(largest, chunk.rows.length);
        for (const row of chunk.rows) sum += row.n as number;
        expect(chunk.columns).toEqual([{ name: 'n', type: 'BIGINT' }]);
      }
      expect(total).toBe(1_000_000);
      expect(sum).toBe((999_999 * 1_000_000) / 2);
      expect(chunks).toBeGreaterThan(1);
      expect(largest).toBeLessThan(total);
    });

    it('binds parameters in a stream', async () => {
      const chunks = await collect(conn.stream('SELECT range AS n FROM range($1::INTEGER) WHERE range % 2 = 0', [10]));
      expect(chunks.flatMap((chunk) => chunk.rows)).toEqual([0, 2, 4, 6, 8].map((n) => ({ n })));
    });

    it('yields one empty chunk with the columns of an empty result', async () => {
      const chunks = await collect(conn.stream('SELECT 1::INTEGER AS a WHERE false'));
      expect(chunks).toEqual([{ ok: true, columns: [{ name: 'a', type: 'INTEGER' }], rows: [] }]);
    });

    it('throws when the query fails, even part-way through the rows', async () => {
      await expect(collect(conn.stream('SELEC 1'))).rejects.toThrow(/syntax error/);
      const failing = "SELECT CASE WHEN range = 500000 THEN error('boom at half') ELSE range END AS v FROM range(1000000)";
      await expect(collect(conn.stream(failing))).rejects.toThrow();
      expect(rowsOf(await conn.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('lets the connection go on after a stream is abandoned', async () => {
      for await (const chunk of conn.stream('SELECT range FROM range(1000000)')) {
        expect(chunk.rows.length).toBeGreaterThan(0);
        break;
      }
      expect(rowsOf(await conn.query('SELECT 2 AS ok')).rows).toEqual([{ ok: 2 }]);
    });

    it('streams inside a transaction the caller opened, leaving it open', async () => {
      rowsOf(await conn.query('BEGIN TRANSACTION'));
      rowsOf(await conn.query('CREATE TABLE in_transaction AS SELECT 1 AS i'));
      const chunks = await collect(conn.stream('SELECT i FROM in_transaction'));
      expect(chunks.flatMap((chunk) => chunk.rows)).toEqual([{ i: 1 }]);
      rowsOf(await conn.query('COMMIT'));
      expect(rowsOf(await conn.query('SELECT count(*) AS n FROM in_transaction')).rows).toEqual([{ n: 1 }]);
    });

    it('refuses a query on a connection whose stream is still open', async () => {
      const iterator = conn.stream('SELECT range FROM range(100000)')[Symbol.asyncIterator]();
      await iterator.next();
      const result = await conn.query('SELECT 1');
      expect(result.ok).toBe(false);
      await iterator.return?.();
      expect(rowsOf(await conn.query('SELECT 3 AS ok')).rows).toEqual([{ ok: 3 }]);
    });
  });

  describe('errors', () => {
    it('returns a syntax error as a value and keeps working', async () => {
      const result = await conn.query('SELEC 1');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/Parser Error: syntax error at or near "SELEC"/);
      expect(rowsOf(await conn.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }]);
    });

    it('names a missing table', async () => {
      const result = await conn.query('SELECT * FROM no_such_table');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toMatch(/Catalog Error: Table with name no_such_table does not exist/);
    });

    it('reports a failure raised while rows are computed', async () => {
      const result = await conn.query("SELECT CASE WHEN range = 5000 THEN error('boom') ELSE range END FROM range(10000)");
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/boom/) });
    });

    it('interrupts a running query, which then resolves with an error', async () => {
      const running = conn.query('SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3');
      const interrupter = setInterval(() => conn.interrupt(), 10);
      const result = await running.finally(() => clearInterval(interrupter));
      expect(result).toEqual({ ok: false, error: 'INTERRUPT Error: Interrupted!' });
      conn.interrupt();
      expect(rowsOf(await conn.query('SELECT 4 AS ok')).rows).toEqual([{ ok: 4 }]);
    });
  });

  describe('files', () => {
    it('resolves relative paths against fileSearchPath', async () => {
      const root = join(workDir, `search-${name}`);
      await mkdir(join(root, 'sub'), { recursive: true });
      await writeFile(join(root, 'sub', 'a.csv'), 'id,label\n1,one\n2,two\n');
      await writeFile(join(root, 'sub', 'b.csv'), 'id,label\n3,three\n');
      const searching = await open({ path: ':memory:', fileSearchPath: root });
      try {
        const c = await searching.connect();
        const result = rowsOf(await c.query("SELECT count(*) AS n, sum(id) AS total FROM read_csv('sub/*.csv')"));
        expect(result.rows).toEqual([{ n: 3, total: 6 }]);
        const one = rowsOf(await c.query("SELECT label FROM read_csv('sub/b.csv')"));
        expect(one.rows).toEqual([{ label: 'three' }]);
      } finally {
        await searching.close();
      }
    });

    it('opens a file written by the native engine read-only', async () => {
      const file = join(workDir, `native-written-for-${name}.duckdb`);
      const writer = await openNativeEngine({ path: file });
      const w = await writer.connect();
      rowsOf(await w.query("CREATE TABLE facts AS SELECT range AS id, DATE '2024-01-01' + range::INTEGER AS day, [range, range + 1] AS pair FROM range(1000)"));
      await writer.close();

      const reader = await open({ path: file, readOnly: true });
      try {
        const r = await reader.connect();
        const result = rowsOf(await r.query('SELECT count(*) AS n, max(day) AS last, max(pair) AS top FROM facts'));
        expect(result.rows).toEqual([{ n: 1000, last: '2026-09-26', top: [999, 1000] }]);
        const streamed = await collect(r.stream('SELECT id FROM facts WHERE id < $1 ORDER BY id', [3]));
        expect(streamed.flatMap((chunk) => chunk.rows)).toEqual([{ id: 0 }, { id: 1 }, { id: 2 }]);
        const write = await r.query('INSERT INTO facts VALUES (1, NULL, NULL)');
        expect(write.ok).toBe(false);
        if (!write.ok) expect(write.error).toMatch(/read-only/);
      } finally {
        await reader.close();
      }
    });

    it('keeps a second writer off a file already open in this process', async () => {
      const file = join(workDir, `claimed-${name}.duckdb`);
      const writer = await openNativeEngine({ path: file });
      try {
        await expect(open({ path: file, readOnly: name === 'duckdb-wasm' })).rejects.toThrow(/already open in this process/);
      } finally {
        await writer.close();
      }
    });

    if (name === 'duckdb-native') {
      it('writes Parquet', async () => {
        const file = join(workDir, 'out.parquet');
        rowsOf(await conn.query(`COPY (SELECT 1 AS x) TO '${file}' (FORMAT parquet)`));
        expect(rowsOf(await conn.query(`SELECT x FROM '${file}'`)).rows).toEqual([{ x: 1 }]);
      });
    } else {
      it('refuses to open a database file for writing', async () => {
        await expect(open({ path: join(workDir, 'wasm-write.duckdb') })).rejects.toThrow(/cannot write database files/);
      });

      it('fails fast on statements that need an extension', async () => {
        const result = await conn.query(`COPY (SELECT 1 AS x) TO '${join(workDir, 'out.parquet')}' (FORMAT parquet)`);
        expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/parquet extension/) });
      });

      it('refuses ENUM results rather than returning them as NULL', async () => {
        const result = await conn.query("SELECT 'a'::ENUM('a', 'b') AS e");
        expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/ENUM/) });
        expect(rowsOf(await conn.query("SELECT 'a'::ENUM('a', 'b')::VARCHAR AS e")).rows).toEqual([{ e: 'a' }]);
      });
    }
  });
});
