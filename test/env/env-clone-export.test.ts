import { readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import { collectGarbage } from '../../electron/core/env/collect-garbage.js';
import { cloneEnvironment, EnvironmentExistsError } from '../../electron/core/env/history/clone-environment.js';
import { EnvironmentNameError } from '../../electron/core/env/history/environment-name.js';
import { environmentHistory } from '../../electron/core/env/history/environment-history.js';
import { exportEnvironment } from '../../electron/core/env/history/export-environment.js';
import { ImportRefusedError, importEnvironment } from '../../electron/core/env/history/import-environment.js';
import { verifyStore } from '../../electron/core/env/verify-store.js';
import { queryEnv } from '../helpers/env-reader.js';
import { commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { tempDir, writeTempProject } from '../helpers/temp-project.js';

const files = (value: string) => ({
  'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
  'models/a.sql': 'select 1 as id',
  'models/b.sql': `select '${value}' as value from {{ ref('a') }}`,
  // A view over a table: its SQL names no file, the table's names the store.
  'models/c.sql': "{{ config(materialized='view') }} select value || '!' as shout from {{ ref('b') }}",
});

async function builtProject(value: string): Promise<string> {
  const root = await writeTempProject(files(value));
  await initCommittedRepo(root);
  expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
  return root;
}

async function rebuildWith(root: string, value: string): Promise<void> {
  await writeFile(path.join(root, 'models/b.sql'), files(value)['models/b.sql']);
  await commitAll(root, value);
  expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');
}

const shoutOf = async (root: string, env: string) => (await queryEnv(root, env, 'select shout from c'))[0]?.shout;
const listing = async (dir: string) => (await readdir(dir).catch(() => [] as string[])).sort();

describe('assay env clone (issue 17)', () => {
  it('makes a new environment over the same store files, which a rebuild of the original does not change', async () => {
    const root = await builtProject('v1');
    const store = await listing(assayPaths(root).storeDir);

    const cloned = await cloneEnvironment(root, 'main', 'experiment');

    expect(cloned).toMatchObject({ env: 'experiment', branch: null, current: true, origin: { kind: 'clone', from: 'main' } });
    expect(await shoutOf(root, 'experiment')).toBe('v1!');
    expect(await listing(assayPaths(root).storeDir)).toEqual(store);
    const catalog = await readCatalog(assayPaths(root).envFile('experiment'));
    expect(catalog.state === 'ok' && catalog.info.env).toBe('experiment');
    await rebuildWith(root, 'v2');
    expect(await shoutOf(root, 'main')).toBe('v2!');
    expect(await shoutOf(root, 'experiment')).toBe('v1!');
    // Not a deleted branch's environment: gc keeps it and what it reads.
    await collectGarbage({ projectRoot: root, graceMs: 0 });
    expect(await shoutOf(root, 'experiment')).toBe('v1!');
    expect((await environmentHistory(root, 'experiment')).catalogs).toHaveLength(1);
  });

  it('refuses to replace an environment that exists, and a name that is not valid', async () => {
    const root = await builtProject('v1');
    await cloneEnvironment(root, 'main', 'copy');
    await expect(cloneEnvironment(root, 'main', 'copy')).rejects.toThrow(EnvironmentExistsError);
    await expect(cloneEnvironment(root, 'main', 'copy')).rejects.toThrow("environment 'copy' exists");
    await expect(cloneEnvironment(root, 'main', 'no spaces')).rejects.toThrow(EnvironmentNameError);
    await expect(cloneEnvironment(root, 'main', 'no spaces')).rejects.toThrow('invalid environment name "no spaces": it may not contain spaces');
    await expect(cloneEnvironment(root, 'nowhere', 'other')).rejects.toThrow("cannot clone 'nowhere': it has no environment yet");
  });
});

describe('assay env export and import (issue 17)', () => {
  it('round-trips an environment into a fresh folder that never saw the project: same rows, its own paths, every file recorded', async () => {
    const source = await builtProject('v1');
    const file = path.join(await tempDir('assay-export-'), 'main.assay.tar');
    const exported = await exportEnvironment(source, 'main', file);
    expect(exported.storeFiles).toBeGreaterThan(0);
    await rm(source, { recursive: true, force: true });

    // A fresh clone of the project elsewhere: its files, no `.assay/`.
    const fresh = await writeTempProject(files('v1'));
    const imported = await importEnvironment(fresh, file);

    expect(imported).toMatchObject({ env: 'main', branch: 'main', current: true, origin: { kind: 'import', from: 'main' } });
    expect(await shoutOf(fresh, 'main')).toBe('v1!');
    const catalog = await readCatalog(assayPaths(fresh).envFile('main'));
    const physical = catalog.state === 'ok' ? [...catalog.entries.values()].map((e) => e.physical).filter(Boolean) : [];
    expect(physical.length).toBeGreaterThan(0);
    expect(physical.every((p) => p?.startsWith(assayPaths(fresh).storeDir))).toBe(true);
    expect(await verifyStore(fresh)).toMatchObject({ checked: exported.storeFiles, recorded: [], changed: [] });
    // No staging folder is left behind.
    expect((await listing(assayPaths(fresh).dir)).filter((n) => n.startsWith('import-'))).toEqual([]);
    // Imported under another name, beside the first.
    await importEnvironment(fresh, file, 'from-laptop');
    expect(await shoutOf(fresh, 'from-laptop')).toBe('v1!');
  });

  it('refuses a truncated export and a tampered one, and replaces nothing', async () => {
    const source = await builtProject('v1');
    const dir = await tempDir('assay-export-');
    const v1 = path.join(dir, 'v1.tar');
    await exportEnvironment(source, 'main', v1);
    await rebuildWith(source, 'v2');
    const v2 = path.join(dir, 'v2.tar');
    await exportEnvironment(source, 'main', v2);

    const target = await tempDir('assay-import-');
    await importEnvironment(target, v1);
    const envFile = assayPaths(target).envFile('main');
    const before = { ino: (await stat(envFile)).ino, store: await listing(assayPaths(target).storeDir), history: (await environmentHistory(target, 'main')).catalogs.length };
    const unchanged = async () => {
      expect((await stat(envFile)).ino).toBe(before.ino);
      expect(await listing(assayPaths(target).storeDir)).toEqual(before.store);
      expect((await environmentHistory(target, 'main')).catalogs).toHaveLength(before.history);
      expect(await shoutOf(target, 'main')).toBe('v1!');
      expect((await listing(assayPaths(target).dir)).filter((n) => n.startsWith('import-'))).toEqual([]);
    };

    const truncated = path.join(dir, 'truncated.tar');
    await writeFile(truncated, await readFile(v2));
    await truncate(truncated, Math.floor((await stat(v2)).size * 0.6));
    await expect(importEnvironment(target, truncated)).rejects.toThrow(ImportRefusedError);
    await expect(importEnvironment(target, truncated)).rejects.toThrow(/^cannot import .*truncated\.tar: .*Nothing was imported or replaced$/);
    await unchanged();

    // One byte of a store file's content changed inside the archive: same size, another hash.
    const tampered = path.join(dir, 'tampered.tar');
    const bytes = await readFile(v2);
    const parquet = bytes.indexOf('PAR1', 1024) + 100;
    bytes[parquet] = (bytes[parquet] as number) ^ 0xff;
    await writeFile(tampered, bytes);
    await expect(importEnvironment(target, tampered)).rejects.toThrow(/store\/[0-9a-f]+\.parquet does not hash as its manifest says .*: it was altered after export\. Nothing was imported or replaced/);
    await unchanged();

    await expect(importEnvironment(target, path.join(dir, 'missing.tar'))).rejects.toThrow('there is no such file');
    await expect(importEnvironment(target, v2, 'bad..name')).rejects.toThrow(EnvironmentNameError);
    await unchanged();

    // The good one replaces v1, which stays in the history.
    await importEnvironment(target, v2);
    expect(await shoutOf(target, 'main')).toBe('v2!');
    expect((await environmentHistory(target, 'main')).catalogs.map((c) => c.current)).toEqual([true, false]);
  });
});
