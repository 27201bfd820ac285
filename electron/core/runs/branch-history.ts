import { checkBranchName } from '../../../shared/git-ref-name.js';
import type { RunDetail, RunRecord } from '../../../shared/run-history-types.js';
import { BuildTargetError, resolveBuildTarget } from '../build/build-target.js';
import { assayPaths, envNameForBranch } from '../env/assay-paths.js';
import { RunLog } from './run-log.js';

export interface BranchHistory {
  /** The branch whose runs these are; null for a folder outside git (environment `local`). */
  branch: string | null;
  env: string;
  /** Newest first. */
  runs: RunRecord[];
}

/**
 * The builds and test runs of a branch (the checked-out one unless named), newest first. A branch
 * is read by its environment's name, so the history of a deleted branch can still be read.
 */
export async function branchHistory(projectRoot: string, branch?: string): Promise<BranchHistory> {
  const { env, branch: name } = await historyTarget(projectRoot, branch);
  return { branch: name, env, runs: await new RunLog(assayPaths(projectRoot).runsDir).list(env) };
}

/** One run of a branch's history, with the build summary or test report it produced. */
export async function branchRun(projectRoot: string, id: string, branch?: string): Promise<RunDetail> {
  const { env } = await historyTarget(projectRoot, branch);
  return new RunLog(assayPaths(projectRoot).runsDir).detail(env, id);
}

async function historyTarget(projectRoot: string, branch?: string): Promise<{ env: string; branch: string | null }> {
  if (branch === undefined) {
    const target = await resolveBuildTarget(projectRoot);
    return { env: target.env, branch: target.branch };
  }
  const invalid = checkBranchName(branch);
  if (invalid) throw new BuildTargetError(invalid);
  return { env: envNameForBranch(branch), branch };
}
