import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { commitFiles } from '../../electron/core/git/commit.js';
import { isolateFromMachineConfig, makeRepo, porcelain, sh, tempDir, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

describe('commitFiles', () => {
  it('commits only the chosen files, new, changed and deleted, leaving other changes alone', async () => {
    const repo = await makeRepo({ 'a.sql': 'a\n', 'b.sql': 'b\n', 'gone.sql': 'g\n', 'staged.sql': 's\n' });
    await write(repo, { 'a.sql': 'a2\n', 'b.sql': 'b2\n', 'new.sql': 'n\n', 'staged.sql': 's2\n' });
    await sh(repo.dir, 'add', 'staged.sql');
    await rm(path.join(repo.dir, 'gone.sql'));

    const committed = await commitFiles(repo, ['a.sql', 'new.sql', 'gone.sql'], 'Orders: new model');
    expect(committed).toEqual({ ok: true, commit: await sh(repo.dir, 'rev-parse', 'HEAD') });
    expect(await sh(repo.dir, 'log', '-1', '--format=%s%n%an <%ae>')).toBe('Orders: new model\nTest Analyst <analyst@example.com>');
    expect((await sh(repo.dir, 'show', '--name-status', '--format=', 'HEAD')).split('\n').sort()).toEqual(['A\tnew.sql', 'D\tgone.sql', 'M\ta.sql']);
    expect(await porcelain(repo)).toEqual([' M b.sql', 'M  staged.sql']);
  });

  it('makes the first commit of an empty repository', async () => {
    const repo = await makeRepo({});
    await write(repo, { 'dbt_project.yml': 'name: x\n', 'later.sql': 'x' });
    const committed = await commitFiles(repo, ['dbt_project.yml'], 'Initial');
    expect(committed.ok).toBe(true);
    expect(await sh(repo.dir, 'ls-tree', '-r', '--name-only', 'HEAD')).toBe('dbt_project.yml');
  });

  it('takes file names literally, not as patterns', async () => {
    const repo = await makeRepo({ 'a.sql': 'a\n', 'b.sql': 'b\n' });
    await write(repo, { 'a.sql': 'a2\n', 'b.sql': 'b2\n', '*.sql': 'star\n' });
    expect((await commitFiles(repo, ['*.sql'], 'star')).ok).toBe(true);
    expect(await sh(repo.dir, 'show', '--name-only', '--format=', 'HEAD')).toBe('*.sql');
    expect(await porcelain(repo)).toEqual([' M a.sql', ' M b.sql']);
  });

  it('refuses a file without changes, naming it', async () => {
    const repo = await makeRepo({ 'a.sql': 'a\n' });
    expect(await commitFiles(repo, ['a.sql'], 'nothing')).toMatchObject({ ok: false, code: 'nothing-to-commit', error: 'nothing to commit: a.sql has no changes' });
  });

  it('refuses a file that does not exist, naming it', async () => {
    const repo = await makeRepo();
    expect(await commitFiles(repo, ['models/missing.sql'], 'x')).toMatchObject({ ok: false, code: 'invalid-path', files: ['models/missing.sql'], error: expect.stringContaining('models/missing.sql') });
  });

  it('refuses paths outside the repository, an empty message and no files', async () => {
    const repo = await makeRepo();
    await write(repo, { 'models/a.sql': 'changed' });
    expect(await commitFiles(repo, ['../outside.sql'], 'x')).toMatchObject({ ok: false, code: 'invalid-path', error: '../outside.sql is outside the repository' });
    expect(await commitFiles(repo, ['/etc/passwd'], 'x')).toMatchObject({ ok: false, code: 'invalid-path' });
    expect(await commitFiles(repo, ['models/a.sql'], '  ')).toMatchObject({ ok: false, code: 'nothing-to-commit', error: 'a commit needs a message' });
    expect(await commitFiles(repo, [], 'x')).toMatchObject({ ok: false, code: 'nothing-to-commit' });
    expect(await porcelain(repo)).toEqual([' M models/a.sql']);
  });

  describe('with no git identity configured anywhere', () => {
    let saved: NodeJS.ProcessEnv;
    beforeEach(async () => {
      saved = { ...process.env };
      // The machine's own identity (in ~/.gitconfig, XDG config or /etc/gitconfig) must not be seen.
      const home = await tempDir('assay-empty-home-');
      process.env.HOME = home;
      process.env.XDG_CONFIG_HOME = home;
      process.env.GIT_CONFIG_GLOBAL = path.join(home, 'no-such-gitconfig');
      process.env.GIT_CONFIG_NOSYSTEM = '1';
    });
    afterEach(() => {
      process.env = saved;
    });

    it('refuses, saying how to set user.name and user.email', async () => {
      const repo = await makeRepo({}, false);
      await write(repo, { 'a.sql': 'a\n' });
      const committed = await commitFiles(repo, ['a.sql'], 'first');
      expect(committed).toMatchObject({ ok: false, code: 'no-identity' });
      expect(!committed.ok && committed.error).toContain('git config --global user.name "Your Name"');
      expect(!committed.ok && committed.error).toContain('git config --global user.email "you@example.com"');
      expect(!committed.ok && committed.error).toMatch(/user\.name and user\.email are not set/);
      expect(await porcelain(repo)).toEqual(['?? a.sql']);
    });

    it('names the one setting that is missing', async () => {
      const repo = await makeRepo({}, false);
      await sh(repo.dir, 'config', 'user.name', 'Only A Name');
      await write(repo, { 'a.sql': 'a\n' });
      expect(await commitFiles(repo, ['a.sql'], 'first')).toMatchObject({ ok: false, code: 'no-identity', error: expect.stringMatching(/\(user\.email is not set\)/) });
    });
  });
});
