import type { GitResult, SwitchResult } from '../../../shared/git-types.js';
import { branchCommit, head } from './refs.js';
import { git, gitMessage, type Repo } from './repo.js';
import { fail, fileList, gitFailed, invalidBranch } from './result.js';
import { findBranchStash, stashMessage } from './stash.js';
import { getStatus } from './status.js';

export interface SwitchOptions {
  /**
   * With uncommitted changes: false (default) refuses, listing them; true stashes them (untracked
   * files included) under a message naming the branch, to be restored on switching back to it.
   */
  stash?: boolean;
}

/** Checks out `name`, then puts back the changes stashed when `name` was last left, if any. */
export async function switchBranch(repo: Repo, name: string, options: SwitchOptions = {}): Promise<GitResult<SwitchResult>> {
  const invalid = invalidBranch(name);
  if (invalid) return invalid;
  if (!(await branchCommit(repo, name))) return fail('unknown-branch', `there is no branch '${name}' in ${repo.dir}`);
  const status = await getStatus(repo);
  if (!status.ok) return status;
  const from = status.branch;
  if (from === name) return { ok: true, branch: name, stashed: null, restored: [] };
  if (status.merging || status.conflicted.length > 0) {
    return fail('merge-in-progress', `cannot switch to '${name}' during a merge on '${from ?? 'HEAD'}': resolve the conflicts and commit, or abort the merge`, status.conflicted);
  }
  let stashed: string | null = null;
  if (!status.isClean) {
    const files = status.files.map((f) => f.path);
    if (!options.stash) {
      return fail('uncommitted-changes', `cannot switch to '${name}': there are uncommitted changes in ${fileList(files)}; commit them, or stash them to get them back on returning to '${from ?? 'HEAD'}'`, files);
    }
    if (from === null) {
      const at = (await head(repo)).commit?.slice(0, 8) ?? '';
      return fail('detached-head', `cannot stash the changes in ${fileList(files)}: HEAD is detached at ${at}, so there is no branch to restore them on; commit them on a new branch first`, files);
    }
    stashed = stashMessage(from);
    const out = await git(repo, ['stash', 'push', '--include-untracked', '-m', stashed]);
    if (out.exitCode !== 0) return gitFailed(`stashing the changes on '${from}' before switching to '${name}'`, out);
  }
  const switched = await git(repo, ['switch', '--no-guess', name]);
  if (switched.exitCode !== 0) {
    const putBack = stashed && from ? await popStash(repo, from) : '';
    return fail('git-failed', `switching to '${name}' failed: ${gitMessage(switched)}${putBack}`);
  }
  return { ok: true, branch: name, stashed, ...(await restoreStash(repo, name)) };
}

async function popStash(repo: Repo, branch: string): Promise<string> {
  const ref = await findBranchStash(repo, branch);
  if (!ref) return '';
  const out = await git(repo, ['stash', 'pop', '--index', ref]);
  return out.exitCode === 0 ? '; your changes were put back' : `; your changes are kept in ${ref}`;
}

async function restoreStash(repo: Repo, branch: string): Promise<Pick<SwitchResult, 'restored' | 'restoreError'>> {
  const ref = await findBranchStash(repo, branch);
  if (!ref) return { restored: [] };
  let applied = await git(repo, ['stash', 'apply', '--index', ref]);
  // --index also restores what was staged, which fails more often; when it failed without
  // touching anything, the changes themselves may still apply.
  if (applied.exitCode !== 0 && (await isUntouched(repo))) applied = await git(repo, ['stash', 'apply', ref]);
  const after = await getStatus(repo);
  if (applied.exitCode !== 0) {
    const conflicts = after.ok && after.conflicted.length > 0 ? ` (conflicts in ${fileList(after.conflicted)})` : '';
    return { restored: [], restoreError: `the changes stashed on leaving '${branch}' could not be put back${conflicts}: ${gitMessage(applied)}; they are kept in ${ref}` };
  }
  await git(repo, ['stash', 'drop', ref]);
  return { restored: after.ok ? after.files.map((f) => f.path) : [] };
}

async function isUntouched(repo: Repo): Promise<boolean> {
  const status = await getStatus(repo);
  return status.ok && status.isClean;
}
