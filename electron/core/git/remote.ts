import type { GitFailure, GitResult, MergeResult } from '../../../shared/git-types.js';
import { mergeIntoHead, readyToMerge } from './merge.js';
import { branchCommit, commitOf, head, isAncestor } from './refs.js';
import { git, gitMessage, type Repo } from './repo.js';
import { fail, gitFailed, invalidBranch } from './result.js';

export interface RemoteOptions {
  /** The remote to use; by default the branch's upstream remote, else `origin`, else the only one. */
  remote?: string;
}

export interface PullOptions extends RemoteOptions {
  /** Refuse, changing nothing, when the branch and the remote's both have commits the other has not (a scheduled refresh never merges). */
  fastForwardOnly?: boolean;
}

export interface PushOptions extends RemoteOptions {
  /** The branch to push; the checked-out one by default. */
  branch?: string;
}

/** Pushes a branch to the branch of the same name on the remote and makes that its upstream. */
export async function push(repo: Repo, options: PushOptions = {}): Promise<GitResult<{ remote: string; branch: string; commit: string }>> {
  const branch = options.branch ?? (await head(repo)).branch;
  if (branch === null) return fail('detached-head', 'cannot push: HEAD is detached, so there is no branch to push; name one');
  const invalid = invalidBranch(branch);
  if (invalid) return invalid;
  const commit = await branchCommit(repo, branch);
  if (!commit) return fail('unknown-branch', `cannot push '${branch}': there is no such branch with commits in ${repo.dir}`);
  const remote = await pickRemote(repo, branch, options.remote, 'push to');
  if (!remote.ok) return remote;
  const ref = `refs/heads/${branch}`;
  const out = await git(repo, ['push', '--set-upstream', '--', remote.name, `${ref}:${ref}`], { noPrompt: true });
  if (out.exitCode !== 0) {
    if (/\[rejected\]|non-fast-forward|fetch first/.test(out.stderr)) {
      return fail('git-failed', `${remote.name} refused '${branch}': it has commits that '${branch}' has not; pull first, then push`);
    }
    return gitFailed(`pushing '${branch}' to ${remote.name}`, out);
  }
  return { ok: true, remote: remote.name, branch, commit };
}

/** Fetches the checked-out branch's counterpart on the remote and merges it in (fast-forward when possible). */
export async function pull(repo: Repo, options: PullOptions = {}): Promise<GitResult<MergeResult>> {
  const branch = (await head(repo)).branch;
  if (branch === null) return fail('detached-head', 'cannot pull: HEAD is detached; switch to a branch first');
  const remote = await pickRemote(repo, branch, options.remote, 'pull from');
  if (!remote.ok) return remote;
  const ready = await readyToMerge(repo, `pull '${branch}' from ${remote.name}`);
  if (ready) return ready;
  const upstream = await setting(repo, `branch.${branch}.merge`);
  const theirs = upstream && (await setting(repo, `branch.${branch}.remote`)) === remote.name ? upstream : `refs/heads/${branch}`;
  const fetched = await git(repo, ['fetch', '--', remote.name, theirs], { noPrompt: true });
  if (fetched.exitCode !== 0) {
    if (/couldn't find remote ref/i.test(fetched.stderr)) return fail('unknown-branch', `${remote.name} has no branch '${theirs.replace(/^refs\/heads\//, '')}' to pull`);
    return fail('git-failed', `fetching '${branch}' from ${remote.name} failed: ${gitMessage(fetched)}`);
  }
  if (options.fastForwardOnly) {
    const diverged = await divergence(repo, branch, remote.name, theirs);
    if (diverged) return diverged;
  }
  return mergeIntoHead(repo, 'FETCH_HEAD', `'${branch}' from ${remote.name}`, { noFastForward: false });
}

/** Why FETCH_HEAD cannot be fast-forwarded to, or null when it can (or HEAD already has it). */
async function divergence(repo: Repo, branch: string, remote: string, theirs: string): Promise<GitFailure | null> {
  const ours = await commitOf(repo, 'HEAD');
  const fetched = await commitOf(repo, 'FETCH_HEAD');
  if (!ours || !fetched || (await isAncestor(repo, ours, fetched)) || (await isAncestor(repo, fetched, ours))) return null;
  const count = async (range: string) => (await git(repo, ['rev-list', '--count', range])).stdout.trim();
  const name = theirs.replace(/^refs\/heads\//, '');
  return fail('diverged', `'${branch}' has diverged from ${remote}'s '${name}' (${await count(`${fetched}..${ours}`)} commit(s) here that ${remote} has not, ${await count(`${ours}..${fetched}`)} there that '${branch}' has not); only a fast-forward is done here, so nothing was changed: push or drop the local commits first`);
}

/** The remote to pull from or push to: the one asked for, else the branch's upstream, else `origin`, else the only one. */
export async function pickRemote(repo: Repo, branch: string, wanted: string | undefined, doing: string): Promise<GitResult<{ name: string }>> {
  const out = await git(repo, ['remote']);
  if (out.exitCode !== 0) return gitFailed(`listing the remotes of ${repo.dir}`, out);
  const remotes = out.stdout.split('\n').map((r) => r.trim()).filter(Boolean);
  if (remotes.length === 0) {
    return fail('no-remote', `cannot ${doing} a remote: the repository ${repo.dir} has none; add one with: git remote add origin <url>`);
  }
  if (wanted !== undefined) {
    return remotes.includes(wanted) ? { ok: true, name: wanted } : fail('no-remote', `there is no remote called '${wanted}' (the remotes are ${remotes.join(', ')})`);
  }
  const upstream = await setting(repo, `branch.${branch}.remote`);
  const name = [upstream, 'origin'].find((r) => r && remotes.includes(r)) ?? (remotes.length === 1 ? remotes[0] : undefined);
  if (!name) return fail('no-remote', `cannot tell which remote to ${doing}: '${branch}' has no upstream and there is no 'origin' among ${remotes.join(', ')}`);
  return { ok: true, name };
}

async function setting(repo: Repo, key: string): Promise<string | null> {
  const out = await git(repo, ['config', '--get', key]);
  return out.exitCode === 0 ? out.stdout.trim() : null;
}
