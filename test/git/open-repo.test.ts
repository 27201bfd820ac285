import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { currentBranch } from '../../electron/core/git/branches.js';
import { initRepo, openRepo } from '../../electron/core/git/open-repo.js';
import { isolateFromMachineConfig, makeRepo, sh, tempDir } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

describe('openRepo', () => {
  it('opens a repository with commits', async () => {
    const made = await makeRepo();
    const opened = await openRepo(made.dir);
    expect(opened).toEqual({ ok: true, repo: { dir: made.dir }, hasCommits: true });
  });

  it('opens the enclosing repository from a subfolder, at its root', async () => {
    const made = await makeRepo();
    const opened = await openRepo(path.join(made.dir, 'models'));
    expect(opened.ok && opened.repo.dir).toBe(made.dir);
  });

  it('reports a repository with no commits', async () => {
    const made = await makeRepo({});
    const opened = await openRepo(made.dir);
    expect(opened).toEqual({ ok: true, repo: { dir: made.dir }, hasCommits: false });
  });

  it('refuses a folder that is not a git repository, naming it and saying it can be initialised', async () => {
    const dir = await tempDir();
    const opened = await openRepo(dir);
    expect(opened).toMatchObject({ ok: false, code: 'not-a-repository' });
    expect(!opened.ok && opened.error).toContain(dir);
    expect(!opened.ok && opened.error).toMatch(/is not a git repository; it can be initialised/);
  });

  it('refuses a folder that does not exist, and a file', async () => {
    const dir = await tempDir();
    const missing = await openRepo(path.join(dir, 'nope'));
    expect(missing).toMatchObject({ ok: false, code: 'not-found', error: `${path.join(dir, 'nope')} does not exist` });
    await writeFile(path.join(dir, 'file.txt'), 'x');
    expect(await openRepo(path.join(dir, 'file.txt'))).toMatchObject({ ok: false, code: 'not-found', error: expect.stringMatching(/is not a folder/) });
  });
});

describe('initRepo', () => {
  it('initialises a folder (created if missing) as a repository on main, with no commits', async () => {
    const dir = path.join(await tempDir(), 'new-project');
    const made = await initRepo(dir);
    expect(made).toMatchObject({ ok: true, hasCommits: false });
    if (!made.ok) return;
    expect(await openRepo(dir)).toMatchObject({ ok: true, repo: made.repo });
    expect(await currentBranch(made.repo)).toEqual({ ok: true, branch: 'main', commit: null });
  });

  it('leaves an existing repository as it is', async () => {
    const made = await makeRepo();
    const head = await sh(made.dir, 'rev-parse', 'HEAD');
    expect(await initRepo(made.dir)).toEqual({ ok: true, repo: made, hasCommits: true });
    expect(await sh(made.dir, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('makes a repository of its own in a subfolder of another one', async () => {
    const outer = await makeRepo();
    const inner = path.join(outer.dir, 'nested');
    await mkdir(inner);
    const made = await initRepo(inner);
    expect(made.ok && made.repo.dir).toBe(inner);
  });
});
