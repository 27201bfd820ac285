import { openRepo } from '../git/open-repo.js';
import { localBranchNames } from '../git/refs.js';
import type { Repo } from '../git/repo.js';
import { removeWorktree } from '../git/worktree.js';
import type { AssayPaths } from './assay-paths.js';
import { readCatalog } from './catalog.js';
import { removeEnvironmentFiles } from './remove-environment.js';

export interface DeletedBranchEnvironment {
  env: string;
  branch: string;
  /** Set when the environment's worktree could not be removed: it is left for the user to look at. */
  worktreeKept?: string;
}

/**
 * Environments built for a branch git no longer has (merged and deleted, or deleted by hand).
 * Nothing can build them again and no comparison reads them, yet their catalogs would keep their
 * store files, and their worktrees a checkout of the project, for ever. Environments of commits,
 * of a detached HEAD, and of a folder outside git name no branch and are never among them.
 */
export async function environmentsOfDeletedBranches(projectRoot: string, paths: AssayPaths, envs: string[]): Promise<{ repo: Repo | null; deleted: DeletedBranchEnvironment[] }> {
  const opened = await openRepo(projectRoot);
  if (!opened.ok) return { repo: null, deleted: [] };
  const branches = await localBranchNames(opened.repo);
  // No branch at all means git could not say, not that every branch is gone.
  if (!branches || branches.size === 0) return { repo: opened.repo, deleted: [] };
  const deleted: DeletedBranchEnvironment[] = [];
  for (const env of envs) {
    const catalog = await readCatalog(paths.envFile(env));
    const branch = catalog.state === 'ok' ? catalog.info.branch : null;
    if (branch && !branches.has(branch)) deleted.push({ env, branch });
  }
  return { repo: opened.repo, deleted };
}

/**
 * Removes such an environment: its files (remove-environment.ts; no screen can show its history:
 * it is a branch's, and the branch is gone), then its worktree. Call it holding the environment's lock.
 */
export async function removeEnvironment(repo: Repo, paths: AssayPaths, environment: DeletedBranchEnvironment): Promise<DeletedBranchEnvironment> {
  await removeEnvironmentFiles(paths, environment.env);
  const removed = await removeWorktree(repo, paths.worktree(environment.env));
  return removed.ok ? environment : { ...environment, worktreeKept: removed.error };
}
