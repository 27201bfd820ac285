/**
 * Both engines run a connection's setup statements (a project's extensions and settings) before
 * handing the connection out, and name the statement that fails.
 */
import { describe, expect, it } from 'vitest';
import { openNativeEngine } from '../../electron/core/engine/duckdb-native.js';
import { openWasmEngine } from '../../electron/core/engine/duckdb-wasm.js';

describe.each([
  { name: 'duckdb-native', open: openNativeEngine },
  { name: 'duckdb-wasm', open: openWasmEngine },
])('$name', ({ open }) => {
  it('runs the setup statements on every new connection', async () => {
    const engine = await open({ path: ':memory:', setup: ["SET default_null_order = 'nulls_first'"] });
    try {
      for (let i = 0; i < 2; i++) {
        const conn = await engine.connect();
        const first = await conn.query('SELECT x FROM (VALUES (1), (NULL)) t(x) ORDER BY x LIMIT 1');
        expect(first.ok && first.rows).toEqual([{ x: null }]);
        await conn.close();
      }
    } finally {
      await engine.close();
    }
  });

  it('names the statement that fails, and hands out no connection', async () => {
    const engine = await open({ path: ':memory:', setup: ['SET no_such_setting = 1'] });
    try {
      await expect(engine.connect()).rejects.toThrow(/^SET no_such_setting = 1: .*no_such_setting/);
    } finally {
      await engine.close();
    }
  });
});
