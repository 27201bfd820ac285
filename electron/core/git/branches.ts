import type { BranchInfo, GitResult, HeadInfo } from '../../../shared/git-types.js';
import { branchCommit, commitOf, hasCommits, head } from './refs.js';
import { git, type Repo } from './repo.js';
import { fail, gitFailed, invalidBranch } from './result.js';

/** The checked-out branch; `branch` is null on a detached HEAD, `commit` null before the first commit. */
export async function currentBranch(repo: Repo): Promise<GitResult<HeadInfo>> {
  return { ok: true, ...(await head(repo)) };
}

/** Local branches, each with how far it is ahead of and behind `base`. */
export async function listBranches(repo: Repo, base = 'main'): Promise<GitResult<{ branches: BranchInfo[] }>> {
  const invalid = invalidBranch(base);
  if (invalid) return invalid;
  const refs = await git(repo, ['for-each-ref', '--format=%(refname)%00%(objectname)%00%(HEAD)', 'refs/heads']);
  if (refs.exitCode !== 0) return gitFailed(`listing the branches of ${repo.dir}`, refs);
  const lines = refs.stdout.split('\n').filter(Boolean);
  if (lines.length === 0) return { ok: true, branches: [] };
  if (!(await branchCommit(repo, base))) return fail('unknown-branch', `the base branch '${base}' does not exist in ${repo.dir}`);
  const branches: BranchInfo[] = [];
  for (const line of lines) {
    const [ref = '', commit = '', headMark] = line.split('\0');
    const name = ref.slice('refs/heads/'.length);
    const counts = await git(repo, ['rev-list', '--left-right', '--count', `refs/heads/${base}...${ref}`]);
    if (counts.exitCode !== 0) return gitFailed(`comparing '${name}' with '${base}'`, counts);
    const [behind = 0, ahead = 0] = counts.stdout.trim().split(/\s+/).map(Number);
    branches.push({ name, current: headMark === '*', ahead, behind, commit });
  }
  return { ok: true, branches };
}

/** The full sha of the commit `ref` names (a branch, a tag, a sha, `HEAD~2`...). */
export async function resolveCommit(repo: Repo, ref: string): Promise<GitResult<{ commit: string }>> {
  // Control characters cannot be in a ref, and a leading dash would make git read it as an option.
  if (ref === '' || ref.startsWith('-') || /[\0-\x1f\x7f]/.test(ref)) return fail('unknown-ref', `${JSON.stringify(ref)} is not a valid ref`);
  const commit = await commitOf(repo, ref);
  if (commit) return { ok: true, commit };
  if (!(await hasCommits(repo))) return fail('no-commits', `the repository ${repo.dir} has no commits yet, so '${ref}' names nothing`);
  return fail('unknown-ref', `unknown ref '${ref}': no branch, tag or commit of ${repo.dir} is called that`);
}
