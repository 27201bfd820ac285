import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { describe, expect, it } from 'vitest';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('a branch name too long for an environment file', () => {
  it('is refused up front (exit 2, naming the limit), leaving no worktree and no environment behind', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    await initCommittedRepo(root);
    const long = `feature/${'x'.repeat(242)}`;
    await simpleGit(root).branch([long]);

    const other = await assay(['build', '--project', root, '--branch', long]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/cannot build branch 'feature\/x{32}…': it is 250 bytes long, and an environment's file names hold at most 200/);
    expect(await readdir(path.join(root, '.assay', 'worktrees')).catch(() => [])).toEqual([]);
    expect((await simpleGit(root).raw(['worktree', 'list'])).trim().split('\n')).toHaveLength(1);

    await simpleGit(root).checkout(long);
    const current = await assay(['test', '--project', root]);
    expect(current.code).toBe(2);
    expect(current.stderr).toMatch(/it is 250 bytes long/);
    expect(await readdir(path.join(root, '.assay', 'envs')).catch(() => [])).toEqual([]);
  });
});
