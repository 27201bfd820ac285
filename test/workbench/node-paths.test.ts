import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insideProject } from '../../electron/core/workbench/project-paths.js';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('the workbench reads and writes only files of the open project', () => {
  let t: TempWorkbench;
  let outside: string;
  beforeAll(async () => {
    outside = await mkdtemp(path.join(tmpdir(), 'assay-outside-'));
    await writeFile(path.join(outside, 'secret.sql'), 'select 42 as secret');
    t = await openTempWorkbench('jaffle-shop');
    // A model file that is a link to a file outside the project: loadable, but never to be read or written for the UI.
    await symlink(path.join(outside, 'secret.sql'), path.join(t.root, 'models/staging/escape.sql'));
    await t.call('openProject', { dir: t.root });
  });
  afterAll(async () => {
    await t.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('names nodes, not paths: an id that looks like a path is no node', async () => {
    for (const node of ['../../etc/passwd', '/etc/passwd', 'models/../../secret', '..']) {
      const read = await t.workbench.dispatch('readModel', { node });
      expect(read).toEqual({ ok: false, error: expect.stringContaining(`there is no node '${node}'`) });
      const save = await t.workbench.dispatch('saveModel', { node, sql: 'select 1' });
      expect(save.ok).toBe(false);
    }
  });

  it('refuses a model whose file leads outside the project, for reading and for saving', async () => {
    expect(await t.workbench.dispatch('readModel', { node: 'escape' })).toEqual({ ok: false, error: expect.stringMatching(/refused: .* is outside the project folder/) });
    expect(await t.workbench.dispatch('saveModel', { node: 'escape', sql: 'select 1 as pwned' })).toEqual({ ok: false, error: expect.stringMatching(/refused/) });
    expect(await readFile(path.join(outside, 'secret.sql'), 'utf8')).toBe('select 42 as secret');
  });

  it('saves a model without following a link planted at a temporary name beside it', async () => {
    const model = path.join(t.root, 'models/staging/stg_customers.sql');
    // The name an earlier version wrote through: the pid was predictable.
    await symlink(path.join(outside, 'secret.sql'), `${model}.${process.pid}.assay-tmp`);
    expect(await t.workbench.dispatch('saveModel', { node: 'stg_customers', sql: 'select 1 as id' })).toMatchObject({ ok: true });
    expect(await readFile(model, 'utf8')).toBe('select 1 as id');
    expect(await readFile(path.join(outside, 'secret.sql'), 'utf8')).toBe('select 42 as secret');
  });

  it('saves models only, not seeds', async () => {
    expect(await t.workbench.dispatch('saveModel', { node: 'raw_customers', sql: 'id\n1\n' })).toEqual({ ok: false, error: "node 'raw_customers' is a seed, not a model" });
  });

  it('resolves relative paths inside the root and refuses ones that climb out', async () => {
    expect(await insideProject(t.root, 'models/a.sql')).toMatch(/models[\\/]a\.sql$/);
    await expect(insideProject(t.root, '../x.sql')).rejects.toThrow(/outside the project/);
    await expect(insideProject(t.root, '/etc/passwd')).rejects.toThrow(/outside the project/);
    await expect(insideProject(t.root, 'models/staging/escape.sql')).rejects.toThrow(/outside the project/);
  });
});
