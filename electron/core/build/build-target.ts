import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { checkBranchName } from '../../../shared/git-ref-name.js';
import { assayPaths, envNameForBranch, envNameProblem } from '../env/assay-paths.js';
import { currentBranch, resolveCommit } from '../git/branches.js';
import { knownRepo, openRepo } from '../git/open-repo.js';
import { ensureWorktree } from '../git/worktree.js';
import { DepsError } from '../dbt/packages/deps-error.js';
import { providePackages } from './worktree-packages.js';

/** What one build reads and where it writes: an environment, and the folder its files come from. */
export interface BuildTarget {
  env: string;
  branch: string | null;
  commit: string | null;
  /** The project folder to read: the working tree for the checked-out branch, else a worktree. */
  buildRoot: string;
  fromWorkingTree: boolean;
  /** Creates or moves the worktree; only called when the target is actually built. */
  checkout?: () => Promise<void>;
}

export class BuildTargetError extends Error {}

/**
 * Resolves the branch to build. The checked-out branch builds from the working tree (with the
 * analyst's uncommitted edits); any other branch builds from a worktree at its commit under
 * `.assay/worktrees/`, so the analyst's files are never touched. A folder outside git has one
 * environment, `local`.
 */
export async function resolveBuildTarget(projectDir: string, branch?: string): Promise<BuildTarget> {
  const projectRoot = path.resolve(projectDir);
  if (branch !== undefined && !/^[0-9a-f]{7,40}$/i.test(branch)) {
    const invalid = checkBranchName(branch.replace(/[~^]\d*$/, ''));
    if (invalid) throw new BuildTargetError(`invalid branch name '${branch}': ${invalid}`);
  }
  const opened = (await knownRepo(projectRoot)) ?? (await openRepo(projectRoot));
  if ('ok' in opened && !opened.ok) {
    if (branch) throw new BuildTargetError(`${projectRoot} is not in a git repository, so it has no branch '${branch}' to build`);
    return { env: 'local', branch: null, commit: null, buildRoot: projectRoot, fromWorkingTree: true };
  }
  const repo = 'ok' in opened ? opened.repo : opened;
  const head = await currentBranch(repo);
  const current = head.ok ? head.branch : null;
  const headCommit = head.ok ? head.commit : null;
  if (!branch || branch === current) {
    const name = current ?? `detached-${(headCommit ?? 'empty').slice(0, 8)}`;
    refuseUnstorableName(name);
    return { env: envNameForBranch(name), branch: current, commit: headCommit, buildRoot: projectRoot, fromWorkingTree: true };
  }
  // Refused before a worktree or a lock exists: a name the file system cannot hold leaves nothing behind.
  refuseUnstorableName(branch);
  const asBranch = await resolveCommit(repo, `refs/heads/${branch}`);
  // Not a branch: a commit (a sha, a tag, HEAD~2) has its own environment, named after the commit.
  // `~` cannot appear in a branch name, so `at~<sha>` never collides with a branch's environment.
  const resolved = asBranch.ok ? asBranch : await resolveCommit(repo, branch);
  if (!resolved.ok) throw new BuildTargetError(`there is no branch or commit '${branch}' in ${repo.dir}`);
  const env = asBranch.ok ? envNameForBranch(branch) : `at~${resolved.commit.slice(0, 12)}`;
  const worktreeDir = assayPaths(projectRoot).worktree(env);
  const inside = path.relative(await realpath(repo.dir), await realpath(projectRoot));
  const commit = resolved.commit;
  return {
    env, branch: asBranch.ok ? branch : null, commit, buildRoot: path.join(worktreeDir, inside), fromWorkingTree: false,
    checkout: async () => {
      const worktree = await ensureWorktree(repo, commit, worktreeDir);
      if (!worktree.ok) throw new BuildTargetError(worktree.error);
      await providePackages(projectRoot, path.join(worktreeDir, inside), commit).catch((err: unknown) => {
        throw err instanceof DepsError ? new BuildTargetError(err.message) : err;
      });
    },
  };
}

/** Puts the files of a target on disk (moves its worktree to its commit); a no-op for the working tree. */
export async function checkoutTarget(target: BuildTarget): Promise<void> {
  await target.checkout?.();
}

function refuseUnstorableName(branch: string): void {
  const problem = envNameProblem(envNameForBranch(branch));
  if (problem) throw new BuildTargetError(`cannot build branch '${branch.length > 40 ? `${branch.slice(0, 40)}…` : branch}': ${problem}`);
}
