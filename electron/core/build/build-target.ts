import { access } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { assayPaths, envNameForBranch } from '../env/assay-paths.js';

/** What one build reads and where it writes: an environment, and the folder its files come from. */
export interface BuildTarget {
  env: string;
  branch: string | null;
  commit: string | null;
  /** The project folder to read: the working tree for the checked-out branch, else a worktree. */
  buildRoot: string;
  fromWorkingTree: boolean;
}

export class BuildTargetError extends Error {}

/**
 * Resolves the branch to build. The checked-out branch builds from the working tree (with the
 * analyst's uncommitted edits); any other branch builds from a worktree at its commit under
 * `.assay/worktrees/`, so the analyst's files are never touched. A folder outside git has one
 * environment, `local`.
 */
export async function resolveBuildTarget(projectRoot: string, branch?: string): Promise<BuildTarget> {
  const git = simpleGit(projectRoot);
  const repoRoot = await git.revparse(['--show-toplevel']).catch(() => null);
  if (!repoRoot) {
    if (branch) throw new BuildTargetError(`${projectRoot} is not in a git repository, so it has no branch '${branch}' to build`);
    return { env: 'local', branch: null, commit: null, buildRoot: projectRoot, fromWorkingTree: true };
  }
  const current = (await git.raw(['symbolic-ref', '--short', '-q', 'HEAD']).catch(() => '')).trim() || null;
  const head = await commitOf(git, 'HEAD');
  if (!branch || branch === current) {
    const name = current ?? `detached-${(head ?? 'empty').slice(0, 8)}`;
    return { env: envNameForBranch(name), branch: current, commit: head, buildRoot: projectRoot, fromWorkingTree: true };
  }
  const commit = await commitOf(git, `refs/heads/${branch}`);
  if (!commit) throw new BuildTargetError(`there is no branch '${branch}' in ${repoRoot}`);
  const env = envNameForBranch(branch);
  const worktree = assayPaths(projectRoot).worktree(env);
  await ensureDetachedWorktree(projectRoot, worktree, commit);
  const inside = path.relative(await realRepoRoot(repoRoot), await realRepoRoot(projectRoot));
  return { env, branch, commit, buildRoot: path.join(worktree, inside), fromWorkingTree: false };
}

async function commitOf(git: ReturnType<typeof simpleGit>, ref: string): Promise<string | null> {
  const out = await git.raw(['rev-parse', '--verify', '-q', `${ref}^{commit}`]).catch(() => '');
  return out.trim() || null;
}

/** Creates the worktree, or moves an existing one to `commit`; it belongs to Assay, so it is reset hard. */
async function ensureDetachedWorktree(projectRoot: string, dir: string, commit: string): Promise<void> {
  const git = simpleGit(projectRoot);
  if (await access(path.join(dir, '.git')).then(() => true, () => false)) {
    await simpleGit(dir).raw(['checkout', '--detach', '--force', commit]);
    return;
  }
  await git.raw(['worktree', 'prune']);
  await git.raw(['worktree', 'add', '--detach', '--force', dir, commit]);
}

async function realRepoRoot(dir: string): Promise<string> {
  const { realpath } = await import('node:fs/promises');
  return realpath(dir);
}
