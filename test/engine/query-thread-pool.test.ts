import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../electron/core/engine/open-engine.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * This file does not import query-thread-pool.ts: the pool is the one the test process started with
 * (vitest.config.ts sizes it as the app's entries do; query-thread-pool-entries.test.ts checks those).
 * DuckDB's queries run on libuv's thread pool, beside the app's file reads: with Node's default of
 * four threads, four queries at once held every read until one of them ended.
 */
describe('the thread pool DuckDB queries share with file reads', () => {
  it('answers a file read while more queries run than Node\'s default pool has threads', async () => {
    const engine = await openEngine({ path: ':memory:' });
    const connections = await Promise.all([1, 2, 3, 4, 5].map(() => engine.connect()));
    let ended = 0;
    // Hours of work each: with the default pool the read would wait for them, and the test fails on its limit.
    const queries = connections.map((conn) => conn.query('SELECT sum(hash(i)) FROM range(1000000000000) t(i)').finally(() => (ended += 1)));
    try {
      // Time for the queries to reach the pool (a set-up, not a measure: earlier, the read would go first).
      await new Promise((resolve) => setTimeout(resolve, 300));
      await stat(root);
      expect(ended).toBe(0);
    } finally {
      // An interrupt that lands before a query has started is lost: interrupt until all have ended.
      const interrupting = setInterval(() => connections.forEach((conn) => conn.interrupt()), 20);
      await Promise.all(queries).finally(() => clearInterval(interrupting));
      for (const conn of connections) await conn.close();
      await engine.close();
    }
  }, 30_000);
});
