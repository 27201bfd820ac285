import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveTypes, sameType } from '../../electron/core/contracts/contract-types.js';
import type { Engine, EngineConnection } from '../../electron/core/engine/engine.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';

let engine: Engine;
let conn: EngineConnection;
beforeAll(async () => {
  engine = await openEngine({ path: ':memory:' });
  conn = await engine.connect();
});
afterAll(async () => {
  await conn.close();
  await engine.close();
});

describe("a contract's types, as DuckDB names them (issue 15)", () => {
  it('resolves aliases to the type DuckDB gives a column, and compares with it', async () => {
    const declared = ['int', 'int4', 'integer', 'text', 'string', 'varchar(20)', 'float8', 'numeric(10,2)', 'decimal(10, 2)', 'datetime', 'timestamp', 'int[]'];
    const resolved = await resolveTypes(conn, declared);
    expect(Object.fromEntries([...resolved].map(([text, r]) => [text, r.ok ? r.type : r.error]))).toEqual({
      int: 'INTEGER', int4: 'INTEGER', integer: 'INTEGER', text: 'VARCHAR', string: 'VARCHAR', 'varchar(20)': 'VARCHAR', float8: 'DOUBLE',
      'numeric(10,2)': 'DECIMAL(10,2)', 'decimal(10, 2)': 'DECIMAL(10,2)', datetime: 'TIMESTAMP', timestamp: 'TIMESTAMP', 'int[]': 'INTEGER[]',
    });
    const ok = (text: string) => {
      const r = resolved.get(text);
      if (!r?.ok) throw new Error(text);
      return r;
    };
    expect(sameType('INTEGER', ok('int4'))).toBe(true);
    expect(sameType('BIGINT', ok('int4'))).toBe(false);
    expect(sameType('DECIMAL(10,2)', ok('decimal(10, 2)'))).toBe(true);
    expect(sameType('DECIMAL(18,2)', ok('numeric(10,2)'))).toBe(false);
    expect(sameType('TIMESTAMP WITH TIME ZONE', ok('datetime'))).toBe(false);
  });

  it('lets a bare numeric or decimal stand for any precision, and only for decimals', async () => {
    const resolved = await resolveTypes(conn, ['numeric', 'DECIMAL ']);
    for (const r of resolved.values()) {
      if (!r.ok) throw new Error(r.error);
      expect([sameType('DECIMAL(18,2)', r), sameType('DECIMAL(38,10)', r), sameType('DOUBLE', r), sameType('INTEGER', r)]).toEqual([true, true, false, false]);
    }
  });

  it('names what is wrong with a type DuckDB does not know, or text that is not one type', async () => {
    const resolved = await resolveTypes(conn, ['textish', 'int) as a, (1', 'int; drop table x', 'int -- x']);
    expect([...resolved.values()].map((r) => (r.ok ? r.type : r.error))).toEqual([
      'Catalog Error: Type with name textish does not exist! Did you mean "text"?',
      'unbalanced parentheses',
      'a type name cannot hold ";", "--" or "/*"',
      'a type name cannot hold ";", "--" or "/*"',
    ]);
  });
});
