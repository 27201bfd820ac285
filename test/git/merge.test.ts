import { beforeAll, describe, expect, it } from 'vitest';
import { commitFiles } from '../../electron/core/git/commit.js';
import { abortMerge, mergeBranch } from '../../electron/core/git/merge.js';
import { getStatus } from '../../electron/core/git/status.js';
import { branchWith, commitAll, isolateFromMachineConfig, makeRepo, porcelain, read, sh, write } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

async function conflicting() {
  const repo = await makeRepo({ 'a.sql': 'select 1\n', 'b.sql': 'select 1\n', 'c.sql': 'same\n' });
  await branchWith(repo, 'feature', { 'a.sql': 'select 2\n', 'b.sql': 'select 2\n', 'c.sql': 'same\n', 'd.sql': 'new\n' });
  const main = await commitAll(repo, { 'a.sql': 'select 3\n', 'b.sql': 'select 3\n' }, 'main edits');
  return { repo, main };
}

describe('mergeBranch', () => {
  it('fast-forwards main when it has not moved', async () => {
    const repo = await makeRepo();
    const feature = await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    expect(await mergeBranch(repo, 'feature')).toEqual({ ok: true, kind: 'fast-forward', commit: feature });
    expect(await sh(repo.dir, 'rev-parse', 'main')).toBe(feature);
  });

  it('records a merge commit when both moved', async () => {
    const repo = await makeRepo();
    const feature = await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    const main = await commitAll(repo, { 'c.sql': 'select 3' }, 'main moved');
    const merged = await mergeBranch(repo, 'feature');
    expect(merged).toMatchObject({ ok: true, kind: 'merge-commit' });
    expect(await sh(repo.dir, 'rev-parse', 'HEAD^1', 'HEAD^2')).toBe(`${main}\n${feature}`);
    expect(await sh(repo.dir, 'log', '-1', '--format=%s')).toBe("Merge branch 'feature'");
  });

  it('records a merge commit on request even when a fast-forward would do', async () => {
    const repo = await makeRepo();
    await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    expect(await mergeBranch(repo, 'feature', { noFastForward: true })).toMatchObject({ ok: true, kind: 'merge-commit' });
  });

  it('says when main already has the branch', async () => {
    const repo = await makeRepo();
    await sh(repo.dir, 'branch', 'old');
    const main = await commitAll(repo, { 'c.sql': '1' }, 'later');
    expect(await mergeBranch(repo, 'old')).toEqual({ ok: true, kind: 'up-to-date', commit: main });
  });

  it('checks main out first when another branch is checked out', async () => {
    const repo = await makeRepo();
    const feature = await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    await sh(repo.dir, 'switch', '-q', 'feature');
    expect(await mergeBranch(repo, 'feature')).toMatchObject({ ok: true, kind: 'fast-forward' });
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('main');
    expect(await sh(repo.dir, 'rev-parse', 'main')).toBe(feature);
  });

  it('reports a conflict file by file, and leaves the merge for resolving', async () => {
    const { repo } = await conflicting();
    expect(await mergeBranch(repo, 'feature')).toEqual({ ok: true, kind: 'conflict', files: ['a.sql', 'b.sql'] });
    expect(await getStatus(repo)).toMatchObject({ ok: true, merging: true, conflicted: ['a.sql', 'b.sql'], staged: ['d.sql'] });
    expect(await read(repo, 'a.sql')).toContain('<<<<<<<');
  });

  it('aborting a conflicted merge restores the clean tree and the commit', async () => {
    const { repo, main } = await conflicting();
    await mergeBranch(repo, 'feature');
    expect(await abortMerge(repo)).toEqual({ ok: true, commit: main });
    expect(await porcelain(repo)).toEqual([]);
    expect(await read(repo, 'a.sql')).toBe('select 3\n');
    expect(await getStatus(repo)).toMatchObject({ merging: false, isClean: true });
  });

  it('a resolved conflict is committed as the merge', async () => {
    const { repo, main } = await conflicting();
    await mergeBranch(repo, 'feature');
    await write(repo, { 'a.sql': 'select 23\n' });
    expect(await commitFiles(repo, ['a.sql'], 'Merge feature')).toMatchObject({ ok: false, code: 'merge-in-progress', files: ['b.sql'] });
    await write(repo, { 'b.sql': 'select 23\n' });
    const committed = await commitFiles(repo, ['a.sql', 'b.sql'], 'Merge feature');
    expect(committed.ok).toBe(true);
    expect(await sh(repo.dir, 'rev-parse', 'HEAD^1', 'HEAD^2')).toBe(`${main}\n${await sh(repo.dir, 'rev-parse', 'feature')}`);
    expect(await porcelain(repo)).toEqual([]);
  });

  it('refuses to start with uncommitted changes, listing them', async () => {
    const repo = await makeRepo();
    await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    await write(repo, { 'models/a.sql': 'edited\n', 'scratch.sql': 'x' });
    expect(await mergeBranch(repo, 'feature')).toMatchObject({ ok: false, code: 'uncommitted-changes', files: ['models/a.sql', 'scratch.sql'], error: expect.stringContaining("cannot merge 'feature' into 'main'") });
    expect(await read(repo, 'models/a.sql')).toBe('edited\n');
  });

  it('with no git identity, refuses a merge that needs a commit before switching branches', async () => {
    const repo = await makeRepo();
    await branchWith(repo, 'feature', { 'b.sql': 'select 2' });
    await commitAll(repo, { 'c.sql': 'select 3' }, 'main moved');
    await sh(repo.dir, 'switch', '-q', 'feature');
    await sh(repo.dir, 'config', '--unset', 'user.name');
    await sh(repo.dir, 'config', '--unset', 'user.email');
    expect(await mergeBranch(repo, 'feature')).toMatchObject({ ok: false, code: 'no-identity', error: expect.stringContaining('git config --global user.email') });
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('feature');
  });

  it('refuses a second merge while one is under way', async () => {
    const { repo } = await conflicting();
    await mergeBranch(repo, 'feature');
    expect(await mergeBranch(repo, 'feature')).toMatchObject({ ok: false, code: 'merge-in-progress' });
  });

  it('refuses an unknown branch, the branch itself and hostile names', async () => {
    const repo = await makeRepo();
    expect(await mergeBranch(repo, 'ghost')).toMatchObject({ ok: false, code: 'unknown-branch', error: "there is no branch 'ghost' in " + repo.dir });
    expect(await mergeBranch(repo, 'main')).toMatchObject({ ok: false, code: 'same-branch', error: "cannot merge 'main' into itself" });
    expect(await mergeBranch({ dir: '/no/such/repo' }, '-rf')).toMatchObject({ ok: false, code: 'invalid-branch-name' });
    expect(await mergeBranch({ dir: '/no/such/repo' }, 'ok', { into: 'a..b' })).toMatchObject({ ok: false, code: 'invalid-branch-name' });
  });
});

describe('abortMerge', () => {
  it('says there is nothing to abort', async () => {
    const repo = await makeRepo();
    expect(await abortMerge(repo)).toMatchObject({ ok: false, code: 'no-merge-in-progress' });
  });
});
