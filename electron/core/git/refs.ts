import type { HeadInfo } from '../../../shared/git-types.js';
import { headFromFiles } from './head-file.js';
import { git, type Repo } from './repo.js';

/** The commit `rev` names, or null; `rev` must already be known not to start with `-`. */
export async function commitOf(repo: Repo, rev: string): Promise<string | null> {
  const out = await git(repo, ['rev-parse', '--verify', '-q', `${rev}^{commit}`]);
  return out.exitCode === 0 ? out.stdout.trim() : null;
}

export function branchCommit(repo: Repo, branch: string): Promise<string | null> {
  return commitOf(repo, `refs/heads/${branch}`);
}

export async function head(repo: Repo): Promise<HeadInfo> {
  const fromFiles = await headFromFiles(repo.dir);
  if (fromFiles) return fromFiles;
  // One git process where HEAD has a commit (every build asks); --symbolic-full-name, not --short,
  // which would answer `heads/x` when a tag is also called x. A detached HEAD names itself `HEAD`.
  const both = await git(repo, ['rev-parse', 'HEAD', '--symbolic-full-name', 'HEAD']);
  const [commit, headRef = ''] = both.stdout.trim().split('\n');
  if (both.exitCode === 0 && commit) return { branch: headRef.startsWith('refs/heads/') ? headRef.slice('refs/heads/'.length) : null, commit };
  const symbolic = await git(repo, ['symbolic-ref', '-q', 'HEAD']);
  const ref = symbolic.exitCode === 0 ? symbolic.stdout.trim() : '';
  return { branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null, commit: await commitOf(repo, 'HEAD') };
}

export async function hasCommits(repo: Repo): Promise<boolean> {
  return (await commitOf(repo, 'HEAD')) !== null;
}

export async function mergeInProgress(repo: Repo): Promise<boolean> {
  return (await git(repo, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'])).exitCode === 0;
}

/** Is `ancestor` reachable from `descendant` (or the same commit)? */
export async function isAncestor(repo: Repo, ancestor: string, descendant: string): Promise<boolean> {
  return (await git(repo, ['merge-base', '--is-ancestor', ancestor, descendant])).exitCode === 0;
}

/** The names of the local branches, or null when git cannot list them. */
export async function localBranchNames(repo: Repo): Promise<Set<string> | null> {
  const refs = await git(repo, ['for-each-ref', '--format=%(refname)', 'refs/heads']);
  if (refs.exitCode !== 0) return null;
  return new Set(refs.stdout.split('\n').filter(Boolean).map((ref) => ref.slice('refs/heads/'.length)));
}
