import { access, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { getStatus } from '../../electron/core/git/status.js';
import { ensureWorktree, removeWorktree } from '../../electron/core/git/worktree.js';
import { commitAll, isolateFromMachineConfig, makeRepo, porcelain, read, sh, tempDir, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

const exists = (file: string) => access(file).then(() => true, () => false);

/** Two commits on main, then uncommitted work: a modified, a staged and an untracked file. */
async function busyRepo() {
  const repo = await makeRepo({ 'models/a.sql': 'select 1\n', 'models/b.sql': 'select 1\n' });
  const older = await sh(repo.dir, 'rev-parse', 'HEAD');
  const newer = await commitAll(repo, { 'models/a.sql': 'select 2\n', 'models/c.sql': 'select 2\n' }, 'second');
  await write(repo, { 'models/a.sql': 'work in progress\n', 'models/b.sql': 'staged work\n', 'models/new.sql': 'untracked work\n' });
  await sh(repo.dir, 'add', 'models/b.sql');
  return { repo, older, newer, worktree: path.join(repo.dir, '.assay', 'worktrees', 'main') };
}

describe('ensureWorktree', () => {
  it('creates a detached worktree at an older commit without touching uncommitted edits', async () => {
    const { repo, older, worktree } = await busyRepo();
    const before = await porcelain(repo);
    const index = await sh(repo.dir, 'diff', '--cached');

    expect(await ensureWorktree(repo, older, worktree)).toEqual({ ok: true, dir: worktree, commit: older });
    expect(await readFile(path.join(worktree, 'models/a.sql'), 'utf8')).toBe('select 1\n');
    expect(await exists(path.join(worktree, 'models/c.sql'))).toBe(false);
    expect(await sh(worktree, 'rev-parse', 'HEAD')).toBe(older);
    expect(await sh(worktree, 'branch', '--show-current')).toBe('');

    expect(await porcelain(repo)).toEqual(before);
    expect(await sh(repo.dir, 'diff', '--cached')).toBe(index);
    expect(await read(repo, 'models/a.sql')).toBe('work in progress\n');
    expect(await read(repo, 'models/new.sql')).toBe('untracked work\n');
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('main');
  });

  it('keeps the worktree out of the status of the working tree it sits in', async () => {
    const repo = await makeRepo();
    const worktree = path.join(repo.dir, '.assay', 'worktrees', 'main');
    await ensureWorktree(repo, 'main', worktree);
    expect(await getStatus(repo)).toMatchObject({ ok: true, isClean: true });
  });

  it('moves an existing worktree to another commit, discarding what changed in it but not ignored output', async () => {
    const { repo, older, newer, worktree } = await busyRepo();
    await commitAll(repo, { '.gitignore': 'target/\n' }, 'ignore target');
    const latest = await sh(repo.dir, 'rev-parse', 'HEAD');
    await ensureWorktree(repo, older, worktree);
    await writeFile(path.join(worktree, 'models/a.sql'), 'scribbled\n');
    await writeFile(path.join(worktree, 'stray.sql'), 'stray\n');

    expect(await ensureWorktree(repo, newer, worktree)).toEqual({ ok: true, dir: worktree, commit: newer });
    expect(await readFile(path.join(worktree, 'models/a.sql'), 'utf8')).toBe('select 2\n');
    expect(await exists(path.join(worktree, 'stray.sql'))).toBe(false);

    await ensureWorktree(repo, latest, worktree);
    await mkdir(path.join(worktree, 'target'));
    await writeFile(path.join(worktree, 'target/manifest.json'), '{}');
    expect(await ensureWorktree(repo, older, worktree)).toMatchObject({ ok: true, commit: older });
    expect(await exists(path.join(worktree, '.gitignore'))).toBe(false);
    expect(await read(repo, 'models/a.sql')).toBe('work in progress\n');
    expect(await sh(repo.dir, 'worktree', 'list')).toContain(worktree);
  });

  it('re-creates a worktree whose folder was deleted but which git still lists', async () => {
    const { repo, older, worktree } = await busyRepo();
    await ensureWorktree(repo, older, worktree);
    await rm(worktree, { recursive: true, force: true });
    expect(await sh(repo.dir, 'worktree', 'list')).toContain(worktree);
    expect(await ensureWorktree(repo, older, worktree)).toMatchObject({ ok: true });
    expect(await readFile(path.join(worktree, 'models/a.sql'), 'utf8')).toBe('select 1\n');
  });

  it('refuses a folder that holds something else, and a worktree with a branch checked out', async () => {
    const repo = await makeRepo();
    const taken = path.join(await tempDir(), 'my-files');
    await mkdir(taken);
    await writeFile(path.join(taken, 'keep.txt'), 'mine');
    expect(await ensureWorktree(repo, 'main', taken)).toMatchObject({ ok: false, code: 'worktree-in-the-way', error: expect.stringContaining(taken) });
    expect(await readFile(path.join(taken, 'keep.txt'), 'utf8')).toBe('mine');

    const userWorktree = path.join(await tempDir(), 'feature-wt');
    await sh(repo.dir, 'worktree', 'add', '-q', '-b', 'feature', userWorktree);
    expect(await ensureWorktree(repo, 'main', userWorktree)).toMatchObject({ ok: false, code: 'worktree-in-the-way', error: expect.stringContaining("branch 'feature'") });
    expect(await ensureWorktree(repo, 'main', repo.dir)).toMatchObject({ ok: false, code: 'worktree-in-the-way' });
  });

  it('refuses an unknown commit and a repository with no commits', async () => {
    const repo = await makeRepo();
    const dir = path.join(await tempDir(), 'wt');
    expect(await ensureWorktree(repo, 'nope', dir)).toMatchObject({ ok: false, code: 'unknown-ref' });
    expect(await ensureWorktree(await makeRepo({}), 'main', dir)).toMatchObject({ ok: false, code: 'no-commits' });
    expect(await exists(dir)).toBe(false);
  });
});

describe('removeWorktree', () => {
  it('removes a worktree with its build output, leaving the working tree alone', async () => {
    const { repo, older, worktree } = await busyRepo();
    const before = await porcelain(repo);
    await ensureWorktree(repo, older, worktree);
    await writeFile(path.join(worktree, 'built.duckdb'), 'x');
    expect(await removeWorktree(repo, worktree)).toEqual({ ok: true, removed: true });
    expect(await exists(worktree)).toBe(false);
    expect(await sh(repo.dir, 'worktree', 'list', '--porcelain')).not.toContain(worktree);
    expect(await porcelain(repo)).toEqual(before);
    expect(await removeWorktree(repo, worktree)).toEqual({ ok: true, removed: false });
  });

  it('refuses to delete a folder that is not a worktree', async () => {
    const repo = await makeRepo();
    const folder = await tempDir();
    await writeFile(path.join(folder, 'keep.txt'), 'mine');
    expect(await removeWorktree(repo, folder)).toMatchObject({ ok: false, code: 'worktree-in-the-way' });
    expect(await removeWorktree(repo, repo.dir)).toMatchObject({ ok: false, code: 'worktree-in-the-way' });
    expect(await exists(path.join(folder, 'keep.txt'))).toBe(true);
  });
});
