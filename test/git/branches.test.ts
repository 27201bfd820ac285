import { beforeAll, describe, expect, it } from 'vitest';
import { currentBranch, listBranches, resolveCommit } from '../../electron/core/git/branches.js';
import { branchWith, commitAll, isolateFromMachineConfig, makeRepo, sh } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

describe('currentBranch', () => {
  it('names the checked-out branch and its commit', async () => {
    const repo = await makeRepo();
    expect(await currentBranch(repo)).toEqual({ ok: true, branch: 'main', commit: await sh(repo.dir, 'rev-parse', 'HEAD') });
  });

  it('is null on a detached HEAD, with the commit', async () => {
    const repo = await makeRepo();
    const first = await sh(repo.dir, 'rev-parse', 'HEAD');
    await commitAll(repo, { 'b.sql': 'select 2' }, 'second');
    await sh(repo.dir, 'switch', '--detach', first);
    expect(await currentBranch(repo)).toEqual({ ok: true, branch: null, commit: first });
  });

  it('names the unborn branch of a repository with no commits', async () => {
    const repo = await makeRepo({});
    expect(await currentBranch(repo)).toEqual({ ok: true, branch: 'main', commit: null });
  });
});

describe('listBranches', () => {
  it('lists branches with ahead/behind against main', async () => {
    const repo = await makeRepo();
    const feature = await branchWith(repo, 'feature/orders', { 'models/orders.sql': 'select 1' });
    await sh(repo.dir, 'branch', 'stale');
    const main = await commitAll(repo, { 'x.sql': '1' }, 'main 2');
    await commitAll(repo, { 'y.sql': '1' }, 'main 3');
    const mainNow = await sh(repo.dir, 'rev-parse', 'HEAD');
    expect(main).not.toBe(mainNow);
    const listed = await listBranches(repo);
    expect(listed).toEqual({
      ok: true,
      branches: [
        { name: 'feature/orders', current: false, ahead: 1, behind: 2, commit: feature },
        { name: 'main', current: true, ahead: 0, behind: 0, commit: mainNow },
        { name: 'stale', current: false, ahead: 0, behind: 2, commit: expect.stringMatching(/^[0-9a-f]{40}$/) },
      ],
    });
  });

  it('compares with another base when asked', async () => {
    const repo = await makeRepo();
    await branchWith(repo, 'dev', { 'd.sql': '1' });
    const listed = await listBranches(repo, 'dev');
    expect(listed.ok && listed.branches.find((b) => b.name === 'main')).toMatchObject({ ahead: 0, behind: 1 });
  });

  it('refuses a base branch that does not exist, naming it', async () => {
    const repo = await makeRepo();
    expect(await listBranches(repo, 'develop')).toMatchObject({ ok: false, code: 'unknown-branch', error: expect.stringContaining("'develop'") });
  });

  it('refuses an invalid base name before running git', async () => {
    expect(await listBranches({ dir: '/no/such/repo' }, 'a..b')).toMatchObject({ ok: false, code: 'invalid-branch-name' });
  });

  it('is empty in a repository with no commits', async () => {
    expect(await listBranches(await makeRepo({}))).toEqual({ ok: true, branches: [] });
  });
});

describe('resolveCommit', () => {
  it('gives the full sha of a branch, a short sha, a tag and HEAD~1', async () => {
    const repo = await makeRepo();
    const first = await sh(repo.dir, 'rev-parse', 'HEAD');
    await sh(repo.dir, 'tag', 'v1');
    await commitAll(repo, { 'b.sql': '2' }, 'second');
    const second = await sh(repo.dir, 'rev-parse', 'HEAD');
    expect(await resolveCommit(repo, 'main')).toEqual({ ok: true, commit: second });
    expect(await resolveCommit(repo, first.slice(0, 10))).toEqual({ ok: true, commit: first });
    expect(await resolveCommit(repo, 'v1')).toEqual({ ok: true, commit: first });
    expect(await resolveCommit(repo, 'HEAD~1')).toEqual({ ok: true, commit: first });
  });

  it('refuses an unknown ref, naming it', async () => {
    const repo = await makeRepo();
    expect(await resolveCommit(repo, 'no-such-branch')).toMatchObject({ ok: false, code: 'unknown-ref', error: expect.stringContaining("'no-such-branch'") });
  });

  it('refuses a ref that git would read as an option', async () => {
    const repo = await makeRepo();
    expect(await resolveCommit(repo, '--all')).toMatchObject({ ok: false, code: 'unknown-ref', error: '"--all" is not a valid ref' });
  });

  it('says when the repository has no commits yet', async () => {
    const repo = await makeRepo({});
    expect(await resolveCommit(repo, 'main')).toMatchObject({ ok: false, code: 'no-commits', error: expect.stringMatching(/has no commits yet/) });
  });
});
