import { mkdtemp, rename, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { readCatalog, writeCatalogTables, type CatalogEntry, type CatalogInfo } from '../../electron/core/env/catalog.js';

const info = (envFingerprint: string): CatalogInfo => ({
  env: 'main', branch: 'main', commit: 'abc', root: '/project', builtAt: '2026-11-23T00:00:00Z', status: 'ok', envFingerprint, setup: ["SET threads = 2"],
});
const entry = (node: string, rows: number): CatalogEntry => ({
  node, kind: 'model', materialization: 'table', objectName: node, fingerprint: `fp-${node}`, definition: `def-${node}`,
  physical: `/store/${node}.parquet`, rows, status: 'built', ms: 12, error: null, objectSchema: 'main',
});

/** Writes a catalog the way a build publishes one: into a new file, renamed over the old. */
async function publish(envFile: string, envFingerprint: string, entries: CatalogEntry[]): Promise<void> {
  const temp = `${envFile}.build`;
  const engine = await openEngine({ path: temp });
  const conn = await engine.connect();
  await writeCatalogTables(conn, info(envFingerprint), entries);
  await conn.close();
  await engine.close();
  await rename(temp, envFile);
}

describe('environment catalog', () => {
  it('reads back what was written, every node in one statement', async () => {
    const envFile = path.join(await mkdtemp(path.join(tmpdir(), 'assay-catalog-')), 'main.duckdb');
    await publish(envFile, 'one', [entry('a', 1), entry('b', 2)]);
    const read = await readCatalog(envFile);
    expect(read.state).toBe('ok');
    if (read.state !== 'ok') return;
    expect(read.info).toEqual(info('one'));
    expect([...read.entries.values()]).toEqual([entry('a', 1), entry('b', 2)]);
  });

  it('reads a replaced file again, and never hands out a shared map', async () => {
    const envFile = path.join(await mkdtemp(path.join(tmpdir(), 'assay-catalog-')), 'main.duckdb');
    await publish(envFile, 'one', [entry('a', 1)]);
    const first = await readCatalog(envFile);
    if (first.state !== 'ok') throw new Error(first.state);
    first.entries.delete('a');
    const again = await readCatalog(envFile);
    expect(again.state === 'ok' && [...again.entries.keys()]).toEqual(['a']);

    await publish(envFile, 'two', [entry('a', 5), entry('c', 7)]);
    const replaced = await readCatalog(envFile);
    expect(replaced.state === 'ok' && replaced.info.envFingerprint).toBe('two');
    expect(replaced.state === 'ok' && [...replaced.entries.values()].map((e) => e.rows)).toEqual([5, 7]);
  });

  it('says a damaged file is corrupt, even after reading it whole before', async () => {
    const envFile = path.join(await mkdtemp(path.join(tmpdir(), 'assay-catalog-')), 'main.duckdb');
    await publish(envFile, 'one', [entry('a', 1)]);
    expect((await readCatalog(envFile)).state).toBe('ok');
    await writeFile(envFile, 'not a database');
    expect((await readCatalog(envFile)).state).toBe('corrupt');
  });

  it('remembers what a build published exactly as a read of the file gives it back (the next build does not open the file)', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/prices.csv': 'id,price\n1,2.5\n',
      'models/report.sql': "select * from {{ ref('prices') }}",
      'models/live.sql': "{{ config(materialized='view') }} select 1 as one",
    });
    await initCommittedRepo(root);
    await buildBranch({ projectRoot: root });
    const envFile = assayPaths(root).envFile('main');
    const remembered = await readCatalog(envFile);
    // A new modification time is a new version of the file: read from disk.
    const now = new Date(Date.now() + 5_000);
    await utimes(envFile, now, now);
    const fromDisk = await readCatalog(envFile);
    expect(remembered.state).toBe('ok');
    expect(remembered).toEqual(fromDisk);
  });
});
