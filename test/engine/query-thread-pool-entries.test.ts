import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { QUERY_THREAD_POOL_SIZE, withQueryThreadPool } from '../../electron/core/engine/query-thread-pool.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** libuv sizes its thread pool when first used: whatever sizes it must come before anything else (query-thread-pool.test.ts). */
describe('the query thread pool', () => {
  it('is sized first by every entry of a process that queries DuckDB, and given to the utility process', async () => {
    for (const entry of ['electron/start.ts', 'electron/cli/main.ts', 'electron/main/workbench-process.ts', 'test/bench/run.ts']) {
      const firstImport = (await readFile(path.join(root, entry), 'utf8')).split('\n').find((line) => line.startsWith('import '));
      expect(firstImport, entry).toMatch(/^import '(\.\.?\/)+(core\/engine\/|electron\/core\/engine\/)?query-thread-pool\.js';$/);
    }
    expect(await readFile(path.join(root, 'electron/main/workbench-client.ts'), 'utf8')).toContain('env: withQueryThreadPool(process.env)');
    expect(withQueryThreadPool({}).UV_THREADPOOL_SIZE).toBe(String(QUERY_THREAD_POOL_SIZE));
    expect(withQueryThreadPool({ UV_THREADPOOL_SIZE: '64' }).UV_THREADPOOL_SIZE).toBe('64');
  });
});
