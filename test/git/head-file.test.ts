import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { headFromFiles } from '../../electron/core/git/head-file.js';
import { commitAll, isolateFromMachineConfig, makeRepo, sh, tempDir } from './git-fixture.js';

beforeAll(isolateFromMachineConfig);

/** What git itself says HEAD is: its branch (null when detached) and its commit (null before the first). */
async function gitsAnswer(dir: string): Promise<{ branch: string | null; commit: string | null }> {
  const branch = (await sh(dir, 'branch', '--show-current')) || null;
  const commit = await sh(dir, 'rev-parse', '--verify', '-q', 'HEAD').catch(() => '');
  return { branch, commit: commit || null };
}

/** Every save's build reads HEAD from git's files instead of starting git (issue 18): the answer must be git's. */
describe('HEAD read from the repository files', () => {
  it('is git\'s answer on a branch, on another branch, detached, and with packed refs', async () => {
    const repo = await makeRepo();
    expect(await headFromFiles(repo.dir)).toEqual(await gitsAnswer(repo.dir));
    expect((await headFromFiles(repo.dir))?.branch).toBe('main');

    await sh(repo.dir, 'checkout', '-q', '-b', 'feature/x');
    await commitAll(repo, { 'models/b.sql': 'select 2\n' }, 'on the branch');
    expect(await headFromFiles(repo.dir)).toEqual({ branch: 'feature/x', commit: await sh(repo.dir, 'rev-parse', 'HEAD') });

    await sh(repo.dir, 'checkout', '-q', '--detach', 'main');
    expect(await headFromFiles(repo.dir)).toEqual({ branch: null, commit: await sh(repo.dir, 'rev-parse', 'main') });

    await sh(repo.dir, 'checkout', '-q', 'feature/x');
    await sh(repo.dir, 'pack-refs', '--all', '--prune');
    expect(await headFromFiles(repo.dir)).toEqual(await gitsAnswer(repo.dir));
    expect((await headFromFiles(repo.dir))?.commit).toMatch(/^[0-9a-f]{40}$/);
  });

  it('is git\'s answer in a new repository without commits, and in a linked worktree', async () => {
    const fresh = await tempDir();
    await sh(fresh, 'init', '-q', '-b', 'main');
    expect(await headFromFiles(fresh)).toEqual({ branch: 'main', commit: null });

    const repo = await makeRepo();
    const linked = path.join(await tempDir(), 'linked');
    await sh(repo.dir, 'worktree', 'add', '-q', '-b', 'other', linked);
    await commitAll({ dir: linked }, { 'models/c.sql': 'select 3\n' }, 'in the worktree');
    expect(await headFromFiles(linked)).toEqual(await gitsAnswer(linked));
    expect((await headFromFiles(linked))?.branch).toBe('other');
    expect(await headFromFiles(repo.dir)).toEqual(await gitsAnswer(repo.dir));
  });

  it('leaves to git what it does not read: no repository, a reftable store, a HEAD it does not understand', async () => {
    expect(await headFromFiles(await tempDir())).toBeNull();

    const repo = await makeRepo();
    await mkdir(path.join(repo.dir, '.git', 'reftable'));
    expect(await headFromFiles(repo.dir)).toBeNull();

    const odd = await makeRepo();
    await writeFile(path.join(odd.dir, '.git', 'HEAD'), 'ref: refs/remotes/origin/main\n');
    expect(await headFromFiles(odd.dir)).toBeNull();
    await writeFile(path.join(odd.dir, '.git', 'HEAD'), 'ref: refs/heads/../../config\n');
    expect(await headFromFiles(odd.dir)).toBeNull();
  });
});
