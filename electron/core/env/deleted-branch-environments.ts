import { rm } from 'node:fs/promises';
import path from 'node:path';
import { openRepo } from '../git/open-repo.js';
import { localBranchNames } from '../git/refs.js';
import type { Repo } from '../git/repo.js';
import { removeWorktree } from '../git/worktree.js';
import type { AssayPaths } from './assay-paths.js';
import { readCatalog } from './catalog.js';

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
 * Removes such an environment: its catalog and kept catalogs, its run history and test reports (no screen can show
 * them: they are a branch's, and the branch is gone), then its worktree. Call it holding the
 * environment's lock.
 */
export async function removeEnvironment(repo: Repo, paths: AssayPaths, environment: DeletedBranchEnvironment): Promise<DeletedBranchEnvironment> {
  const envFile = paths.envFile(environment.env);
  await rm(envFile, { force: true });
  await rm(`${envFile}.wal`, { force: true });
  await rm(path.join(paths.runsDir, environment.env), { recursive: true, force: true });
  await rm(path.join(paths.historyDir, `${environment.env}.jsonl`), { force: true });
  // Its kept catalogs too (issue 17): nothing can restore a branch that is gone.
  await rm(path.join(paths.envHistoryDir, environment.env), { recursive: true, force: true });
  for (const report of ['latest.json', 'board.json']) await rm(path.join(paths.reportsDir, `${environment.env}.${report}`), { force: true });
  const removed = await removeWorktree(repo, paths.worktree(environment.env));
  return removed.ok ? environment : { ...environment, worktreeKept: removed.error };
}
