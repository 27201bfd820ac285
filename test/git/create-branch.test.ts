import { beforeAll, describe, expect, it } from 'vitest';
import { createBranch } from '../../electron/core/git/create-branch.js';
import { commitAll, isolateFromMachineConfig, makeRepo, sh } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

describe('createBranch', () => {
  it('creates a branch at HEAD without switching to it', async () => {
    const repo = await makeRepo();
    const head = await sh(repo.dir, 'rev-parse', 'HEAD');
    expect(await createBranch(repo, 'feature/orders')).toEqual({ ok: true, branch: 'feature/orders', commit: head });
    expect(await sh(repo.dir, 'rev-parse', 'refs/heads/feature/orders')).toBe(head);
    expect(await sh(repo.dir, 'branch', '--show-current')).toBe('main');
  });

  it('creates a branch from another commit', async () => {
    const repo = await makeRepo();
    const first = await sh(repo.dir, 'rev-parse', 'HEAD');
    await commitAll(repo, { 'b.sql': '2' }, 'second');
    expect(await createBranch(repo, 'from-first', { from: first.slice(0, 8) })).toEqual({ ok: true, branch: 'from-first', commit: first });
  });

  it('refuses a branch that already exists, naming it', async () => {
    const repo = await makeRepo();
    await sh(repo.dir, 'branch', 'taken');
    const before = await sh(repo.dir, 'rev-parse', 'taken');
    await commitAll(repo, { 'b.sql': '2' }, 'second');
    expect(await createBranch(repo, 'taken')).toMatchObject({ ok: false, code: 'branch-exists', error: expect.stringContaining("a branch named 'taken' already exists") });
    expect(await sh(repo.dir, 'rev-parse', 'taken')).toBe(before);
  });

  it('refuses an unknown start point', async () => {
    const repo = await makeRepo();
    expect(await createBranch(repo, 'x', { from: 'nowhere' })).toMatchObject({ ok: false, code: 'unknown-ref', error: expect.stringContaining("'nowhere'") });
  });

  it('refuses in a repository with no commits', async () => {
    const repo = await makeRepo({});
    expect(await createBranch(repo, 'x')).toMatchObject({ ok: false, code: 'no-commits', error: expect.stringContaining("'x'") });
  });

  it.each(['-rf', 'a..b', 'x y', '@', 'foo.lock', '../etc'])('refuses the hostile name %j before running git', async (name) => {
    const repo = await makeRepo();
    const refsBefore = await sh(repo.dir, 'for-each-ref');
    const created = await createBranch(repo, name);
    expect(created).toMatchObject({ ok: false, code: 'invalid-branch-name', error: expect.stringContaining(JSON.stringify(name)) });
    expect(await sh(repo.dir, 'for-each-ref')).toBe(refsBefore);
    // With a folder that is not a repository git could only fail otherwise: the name is checked first.
    expect(await createBranch({ dir: '/no/such/repo' }, name)).toMatchObject({ code: 'invalid-branch-name' });
  });
});
