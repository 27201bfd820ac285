import path from 'node:path';
import type { GitState } from '../../../shared/api.js';
import type { GitFailure, GitResult } from '../../../shared/git-types.js';
import { listBranches } from '../git/branches.js';
import { createBranch } from '../git/create-branch.js';
import { openRepo } from '../git/open-repo.js';
import { git, gitMessage, runGit, type Repo } from '../git/repo.js';
import { switchBranch } from '../git/switch-branch.js';
import { getStatus } from '../git/status.js';

export class GitOperationError extends Error {
  constructor(readonly failure: GitFailure) {
    super(failure.error);
  }
}

const NOT_A_REPO: GitState = { isRepo: false, branch: null, changed: [], branches: [] };

/** The branch, the uncommitted files and the branches of the repository the project is in. */
export async function readGitState(projectRoot: string): Promise<GitState> {
  const opened = await openRepo(projectRoot);
  if (!opened.ok) return NOT_A_REPO;
  // Each git call costs a process (and simple-git waits 50 ms after one that prints nothing), so the two reads overlap.
  const [statusResult, firstListing] = await Promise.all([getStatus(opened.repo), listBranches(opened.repo)]);
  const status = must(statusResult);
  let listed = firstListing;
  // Ahead/behind are counted against `main`; a repository without one still lists its branches.
  if (!listed.ok && listed.code === 'unknown-branch' && status.branch) listed = await listBranches(opened.repo, status.branch);
  const branches = listed.ok ? listed.branches.map((b) => b.name) : status.branch ? [status.branch] : [];
  return { isRepo: true, branch: status.branch, changed: status.files.map((f) => f.path), branches };
}

/** Switches branch; uncommitted work is refused (and listed) unless `stash`, never discarded. */
export async function switchProjectBranch(projectRoot: string, branch: string, stash: boolean): Promise<void> {
  const repo = await repoOf(projectRoot);
  const switched = must(await switchBranch(repo, branch, { stash }));
  if (switched.restoreError) throw new Error(`switched to '${branch}', but ${switched.restoreError}`);
}

export async function createProjectBranch(projectRoot: string, branch: string, switchTo: boolean): Promise<void> {
  const repo = await repoOf(projectRoot);
  must(await createBranch(repo, branch));
  if (!switchTo) return;
  // The new branch is at HEAD, so switching to it changes no file: uncommitted edits come along,
  // which is what starting a feature branch from work in progress needs.
  const out = await git(repo, ['switch', '--no-guess', branch]);
  if (out.exitCode !== 0) throw new Error(`created '${branch}' but could not switch to it: ${gitMessage(out)}`);
}

/** The folder git keeps HEAD in (`.git`, or a worktree's own folder), for watching branch changes. */
export async function gitDirOf(projectRoot: string): Promise<string | null> {
  const out = await runGit(projectRoot, ['rev-parse', '--absolute-git-dir']);
  return out.exitCode === 0 ? path.resolve(out.stdout.trim()) : null;
}

async function repoOf(projectRoot: string): Promise<Repo> {
  return must(await openRepo(projectRoot)).repo;
}

function must<T extends object>(result: GitResult<T>): { ok: true } & T {
  if (!result.ok) throw new GitOperationError(result);
  return result;
}
