import { rm } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getStatus, isClean } from '../../electron/core/git/status.js';
import { isolateFromMachineConfig, makeRepo, sh, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

describe('getStatus', () => {
  it('is clean right after a commit', async () => {
    const repo = await makeRepo();
    expect(await getStatus(repo)).toEqual({ ok: true, branch: 'main', files: [], staged: [], changed: [], untracked: [], conflicted: [], merging: false, isClean: true });
    expect(await isClean(repo)).toEqual({ ok: true, clean: true });
  });

  it('tells staged, changed, untracked, deleted and renamed files apart', async () => {
    const repo = await makeRepo({ 'a.sql': 'a\n', 'b.sql': 'b\n', 'c.sql': 'c\n', 'old.sql': 'old\n' });
    await write(repo, { 'a.sql': 'a2\n', 'b.sql': 'b2\n', 'models/new folder/ünï.sql': 'n\n' });
    await sh(repo.dir, 'add', 'a.sql');
    await rm(path.join(repo.dir, 'c.sql'));
    await sh(repo.dir, 'mv', 'old.sql', 'renamed.sql');
    const status = await getStatus(repo);
    expect(status).toMatchObject({
      ok: true,
      staged: ['a.sql', 'renamed.sql'],
      changed: ['b.sql', 'c.sql'],
      untracked: ['models/new folder/ünï.sql'],
      conflicted: [],
      isClean: false,
    });
    expect(status.ok && status.files).toEqual(
      expect.arrayContaining([
        { path: 'c.sql', index: 'unmodified', workingTree: 'deleted' },
        { path: 'renamed.sql', from: 'old.sql', index: 'renamed', workingTree: 'unmodified' },
      ]),
    );
    expect(await isClean(repo)).toEqual({ ok: true, clean: false });
  });

  it('does not count ignored files', async () => {
    const repo = await makeRepo({ '.gitignore': 'target/\n' });
    await write(repo, { 'target/out.json': '{}' });
    expect(await isClean(repo)).toEqual({ ok: true, clean: true });
  });

  it('reports a detached HEAD as no branch', async () => {
    const repo = await makeRepo();
    await sh(repo.dir, 'switch', '--detach', 'HEAD');
    expect(await getStatus(repo)).toMatchObject({ ok: true, branch: null, isClean: true });
  });
});
