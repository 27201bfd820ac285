/** Choosing an engine: native by default, DuckDB-Wasm on request or when the native binding cannot load. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { QueryResult, QueryRows } from '../../electron/core/engine/engine.js';

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'assay-open-engine-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function rowsOf(result: QueryResult): QueryRows {
  if (!result.ok) throw new Error(`query failed: ${result.error}`);
  return result;
}

describe('openEngine', () => {
  afterEach(() => {
    vi.doUnmock('@duckdb/node-api');
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('opens native DuckDB by default and DuckDB-Wasm on request', async () => {
    const { openEngine } = await import('../../electron/core/engine/open-engine.js');
    const native = await openEngine({ path: ':memory:' });
    const wasm = await openEngine({ path: ':memory:' }, 'duckdb-wasm');
    expect([native.name, wasm.name]).toEqual(['duckdb-native', 'duckdb-wasm']);
    await Promise.all([native.close(), wasm.close()]);
  });

  it('falls back to DuckDB-Wasm with a warning when the native binding cannot load', async () => {
    vi.doMock('@duckdb/node-api', () => {
      throw new Error('simulated: no prebuilt binary for this platform');
    });
    const warnings: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      warnings.push(String(chunk));
      return true;
    });
    const { openEngine } = await import('../../electron/core/engine/open-engine.js');
    const engine = await openEngine({ path: ':memory:' });
    try {
      expect(engine.name).toBe('duckdb-wasm');
      expect(warnings.join('')).toMatch(/falling back to DuckDB-Wasm/);
      const c = await engine.connect();
      expect(rowsOf(await c.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
    } finally {
      await engine.close();
    }
  });

  it('does not fall back when the database itself cannot be opened', async () => {
    const { openEngine } = await import('../../electron/core/engine/open-engine.js');
    const warn = vi.spyOn(process.stderr, 'write');
    await expect(openEngine({ path: join(workDir, 'no', 'such', 'dir', 'x.duckdb') })).rejects.toThrow();
    expect(warn).not.toHaveBeenCalled();
  });
});
