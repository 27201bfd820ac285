import { access } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { switchBranch } from '../../electron/core/git/switch-branch.js';
import { branchWith, commitAll, isolateFromMachineConfig, makeRepo, porcelain, read, sh, tempDir, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

const exists = (file: string) => access(file).then(() => true, () => false);

async function repoWithFeature() {
  const repo = await makeRepo({ 'a.sql': 'select 1\n' });
  await branchWith(repo, 'feature', { 'a.sql': 'select 2\n' });
  return repo;
}

/** On `feature`: a.sql modified, b.sql new and staged, notes.md untracked. */
async function dirtyFeature() {
  const repo = await repoWithFeature();
  await sh(repo.dir, 'switch', '-q', 'feature');
  await write(repo, { 'a.sql': 'select 3\n', 'b.sql': 'select 4\n', 'notes.md': 'todo\n' });
  await sh(repo.dir, 'add', 'b.sql');
  return repo;
}

describe('switchBranch', () => {
  it('switches a clean working tree', async () => {
    const repo = await repoWithFeature();
    expect(await switchBranch(repo, 'feature')).toEqual({ ok: true, branch: 'feature', stashed: null, restored: [] });
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('feature');
    expect(await read(repo, 'a.sql')).toBe('select 2\n');
  });

  it('does nothing when the branch is already checked out, even with changes', async () => {
    const repo = await dirtyFeature();
    const before = await porcelain(repo);
    expect(await switchBranch(repo, 'feature')).toEqual({ ok: true, branch: 'feature', stashed: null, restored: [] });
    expect(await porcelain(repo)).toEqual(before);
  });

  it('refuses with uncommitted changes, listing every file, and changes nothing', async () => {
    const repo = await dirtyFeature();
    const before = await porcelain(repo);
    const switched = await switchBranch(repo, 'main');
    expect(switched).toMatchObject({ ok: false, code: 'uncommitted-changes' });
    expect(!switched.ok && [...(switched.files ?? [])].sort()).toEqual(['a.sql', 'b.sql', 'notes.md']);
    expect(!switched.ok && switched.error).toMatch(/cannot switch to 'main': there are uncommitted changes in .*a\.sql/);
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('feature');
    expect(await porcelain(repo)).toEqual(before);
    expect(await read(repo, 'a.sql')).toBe('select 3\n');
  });

  it('with stash, stashes the changes (untracked included) and restores them on switching back', async () => {
    const repo = await dirtyFeature();
    const before = await porcelain(repo);

    const away = await switchBranch(repo, 'main', { stash: true });
    expect(away).toMatchObject({ ok: true, branch: 'main', restored: [] });
    expect(away.ok && away.stashed).toContain("'feature'");
    expect(await porcelain(repo)).toEqual([]);
    expect(await read(repo, 'a.sql')).toBe('select 1\n');
    expect(await exists(path.join(repo.dir, 'notes.md'))).toBe(false);
    expect(await sh(repo.dir, 'stash', 'list')).toContain("assay: uncommitted changes left on 'feature'");

    const back = await switchBranch(repo, 'feature');
    expect(back.ok && [...back.restored].sort()).toEqual(['a.sql', 'b.sql', 'notes.md']);
    expect(await porcelain(repo)).toEqual(before);
    expect(await read(repo, 'a.sql')).toBe('select 3\n');
    expect(await read(repo, 'notes.md')).toBe('todo\n');
    expect(await sh(repo.dir, 'stash', 'list')).toBe('');
  });

  it("restores the branch's own stash, found by its message, not the newest one", async () => {
    const repo = await dirtyFeature();
    await switchBranch(repo, 'main', { stash: true });
    await write(repo, { 'main-only.txt': 'main work\n' });
    await sh(repo.dir, 'branch', 'other');
    expect(await switchBranch(repo, 'other', { stash: true })).toMatchObject({ ok: true, stashed: expect.stringContaining("'main'") });

    const back = await switchBranch(repo, 'feature', { stash: true });
    expect(back).toMatchObject({ ok: true, stashed: null });
    expect(back.ok && [...back.restored].sort()).toEqual(['a.sql', 'b.sql', 'notes.md']);
    expect(await exists(path.join(repo.dir, 'main-only.txt'))).toBe(false);
    expect(await sh(repo.dir, 'stash', 'list')).toContain("left on 'main'");

    await sh(repo.dir, 'stash', 'push', '-q', '-u', '-m', 'park feature work');
    const main = await switchBranch(repo, 'main');
    expect(main.ok && main.restored).toEqual(['main-only.txt']);
    expect(await read(repo, 'main-only.txt')).toBe('main work\n');
  });

  it('keeps the stash and says so when it no longer applies on the branch', async () => {
    const repo = await dirtyFeature();
    await switchBranch(repo, 'main', { stash: true });
    // Meanwhile feature gets a commit that changes the same line.
    await sh(repo.dir, 'switch', '-q', '-c', 'tmp', 'feature');
    await commitAll(repo, { 'a.sql': 'select 99\n' }, 'conflicting');
    await sh(repo.dir, 'switch', '-q', 'main');
    await sh(repo.dir, 'branch', '-f', 'feature', 'tmp');

    const back = await switchBranch(repo, 'feature');
    expect(back).toMatchObject({ ok: true, branch: 'feature', restored: [] });
    expect(back.ok && back.restoreError).toMatch(/changes stashed on leaving 'feature' could not be put back .*a\.sql.*; they are kept in stash@\{0\}/);
    expect(await sh(repo.dir, 'stash', 'list')).toContain("left on 'feature'");
    expect(await sh(repo.dir, 'show', 'stash@{0}:a.sql')).toBe('select 3');
  });

  it('switches away from a detached HEAD', async () => {
    const repo = await repoWithFeature();
    await sh(repo.dir, 'switch', '--detach', 'feature');
    expect(await switchBranch(repo, 'main')).toMatchObject({ ok: true, branch: 'main' });
  });

  it('on a detached HEAD with changes, refuses even to stash them (no branch to restore them on)', async () => {
    const repo = await repoWithFeature();
    await sh(repo.dir, 'switch', '--detach', 'feature');
    await write(repo, { 'a.sql': 'detached work\n' });
    const switched = await switchBranch(repo, 'main', { stash: true });
    expect(switched).toMatchObject({ ok: false, code: 'detached-head', files: ['a.sql'], error: expect.stringMatching(/HEAD is detached at [0-9a-f]{8}/) });
    expect(await read(repo, 'a.sql')).toBe('detached work\n');
    expect(await sh(repo.dir, 'stash', 'list')).toBe('');
  });

  it('puts the stashed changes back when the switch itself fails', async () => {
    const repo = await dirtyFeature();
    const before = await porcelain(repo);
    // A branch checked out in another worktree cannot be checked out here.
    await sh(repo.dir, 'worktree', 'add', path.join(await tempDir(), 'wt'), 'main');
    const switched = await switchBranch(repo, 'main', { stash: true });
    expect(switched).toMatchObject({ ok: false, code: 'git-failed', error: expect.stringMatching(/switching to 'main' failed: .*; your changes were put back/) });
    expect(await porcelain(repo)).toEqual(before);
    expect(await read(repo, 'notes.md')).toBe('todo\n');
    expect(await sh(repo.dir, 'stash', 'list')).toBe('');
  });

  it('refuses an unknown branch, naming it', async () => {
    const repo = await makeRepo();
    expect(await switchBranch(repo, 'nope')).toMatchObject({ ok: false, code: 'unknown-branch', error: expect.stringContaining("'nope'") });
  });

  it.each(['-rf', 'a..b', 'x y', '@', 'foo.lock', '../etc'])('refuses the hostile name %j before running git', async (name) => {
    expect(await switchBranch({ dir: '/no/such/repo' }, name, { stash: true })).toMatchObject({ ok: false, code: 'invalid-branch-name', error: expect.stringContaining(JSON.stringify(name)) });
  });
});
