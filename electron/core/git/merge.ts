import type { GitFailure, GitResult, MergeResult } from '../../../shared/git-types.js';
import { missingIdentity } from './identity.js';
import { branchCommit, commitOf, head, isAncestor, mergeInProgress } from './refs.js';
import { git, type Repo } from './repo.js';
import { fail, fileList, gitFailed, invalidBranch } from './result.js';
import { getStatus } from './status.js';

export interface MergeOptions {
  /** The branch merged into; `main` by default. */
  into?: string;
  /** Record a merge commit even when a fast-forward would do. */
  noFastForward?: boolean;
}

/**
 * Merges `branch` into `into` (main). The working tree must be clean, so that aborting a
 * conflicted merge can always restore it; `into` is checked out first if it is not already.
 */
export async function mergeBranch(repo: Repo, branch: string, options: MergeOptions = {}): Promise<GitResult<MergeResult>> {
  const into = options.into ?? 'main';
  const invalid = invalidBranch(branch) ?? invalidBranch(into);
  if (invalid) return invalid;
  if (branch === into) return fail('same-branch', `cannot merge '${branch}' into itself`);
  const theirs = await branchCommit(repo, branch);
  if (!theirs) return fail('unknown-branch', `there is no branch '${branch}' in ${repo.dir}`);
  const ours = await branchCommit(repo, into);
  if (!ours) return fail('unknown-branch', `there is no branch '${into}' in ${repo.dir}`);
  const ready = await readyToMerge(repo, `merge '${branch}' into '${into}'`);
  if (ready) return ready;
  // Checked before switching to `into`, so that a merge that cannot be committed changes nothing.
  if (await needsMergeCommit(repo, ours, theirs, options.noFastForward ?? false)) {
    const noIdentity = await missingIdentity(repo);
    if (noIdentity) return noIdentity;
  }
  if ((await head(repo)).branch !== into) {
    const switched = await git(repo, ['switch', '--no-guess', into]);
    if (switched.exitCode !== 0) return gitFailed(`switching to '${into}' to merge '${branch}' into it`, switched);
  }
  // Git's own wording, without its ambiguity when a tag has the branch's name.
  const message = `Merge branch '${branch}'${into === 'main' || into === 'master' ? '' : ` into ${into}`}`;
  return mergeIntoHead(repo, `refs/heads/${branch}`, `'${branch}'`, { noFastForward: options.noFastForward ?? false, message });
}

/** Why a merge may not start now (a merge under way, uncommitted changes), or null. */
export async function readyToMerge(repo: Repo, doing: string): Promise<GitFailure | null> {
  const status = await getStatus(repo);
  if (!status.ok) return status;
  if (status.merging) return fail('merge-in-progress', `cannot ${doing}: a merge is already under way; finish or abort it first`, status.conflicted);
  if (!status.isClean) {
    const files = status.files.map((f) => f.path);
    return fail('uncommitted-changes', `cannot ${doing}: there are uncommitted changes in ${fileList(files)}; commit or stash them first`, files);
  }
  return null;
}

/** Merges `ref` into the checked-out branch, known to be clean; git words the message unless it is given. */
export async function mergeIntoHead(repo: Repo, ref: string, label: string, options: { noFastForward: boolean; message?: string }): Promise<GitResult<MergeResult>> {
  const theirs = await commitOf(repo, ref);
  const ours = await commitOf(repo, 'HEAD');
  if (!theirs || !ours) return fail('unknown-ref', `cannot merge ${label}: it or HEAD names no commit`);
  if (await isAncestor(repo, theirs, ours)) return { ok: true, kind: 'up-to-date', commit: ours };
  const fastForward = !(await needsMergeCommit(repo, ours, theirs, options.noFastForward));
  if (!fastForward) {
    const noIdentity = await missingIdentity(repo);
    if (noIdentity) return noIdentity;
  }
  const message = options.message ? ['-m', options.message] : [];
  const out = await git(repo, ['merge', '--no-edit', fastForward ? '--ff-only' : '--no-ff', ...message, ref]);
  if (out.exitCode !== 0) {
    if (!(await mergeInProgress(repo))) return gitFailed(`merging ${label}`, out);
    const status = await getStatus(repo);
    return { ok: true, kind: 'conflict', files: status.ok ? status.conflicted : [] };
  }
  const commit = await commitOf(repo, 'HEAD');
  if (!commit) return fail('git-failed', `merging ${label} left no commit at HEAD`);
  return { ok: true, kind: fastForward ? 'fast-forward' : 'merge-commit', commit };
}

async function needsMergeCommit(repo: Repo, ours: string, theirs: string, noFastForward: boolean): Promise<boolean> {
  if (await isAncestor(repo, theirs, ours)) return false;
  return noFastForward || !(await isAncestor(repo, ours, theirs));
}

/** Abandons a merge under way and restores the branch as it was before it. */
export async function abortMerge(repo: Repo): Promise<GitResult<{ commit: string }>> {
  if (!(await mergeInProgress(repo))) return fail('no-merge-in-progress', `there is no merge under way in ${repo.dir} to abort`);
  const out = await git(repo, ['merge', '--abort']);
  if (out.exitCode !== 0) return gitFailed('aborting the merge', out);
  const commit = await commitOf(repo, 'HEAD');
  return commit ? { ok: true, commit } : fail('git-failed', 'aborting the merge left no commit at HEAD');
}
