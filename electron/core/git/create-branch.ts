import type { GitResult } from '../../../shared/git-types.js';
import { resolveCommit } from './branches.js';
import { branchCommit, hasCommits } from './refs.js';
import { git, type Repo } from './repo.js';
import { fail, gitFailed, invalidBranch } from './result.js';

export interface CreateBranchOptions {
  /** Where the branch starts: a branch, tag or commit; the checked-out commit by default. */
  from?: string;
}

/** Creates branch `name` without switching to it. */
export async function createBranch(repo: Repo, name: string, options: CreateBranchOptions = {}): Promise<GitResult<{ branch: string; commit: string }>> {
  const invalid = invalidBranch(name);
  if (invalid) return invalid;
  if (!(await hasCommits(repo))) return fail('no-commits', `cannot create branch '${name}': the repository ${repo.dir} has no commits yet; commit something first`);
  const existing = await branchCommit(repo, name);
  if (existing) return fail('branch-exists', `a branch named '${name}' already exists (at ${existing.slice(0, 8)})`);
  const start = await resolveCommit(repo, options.from ?? 'HEAD');
  if (!start.ok) return start;
  const out = await git(repo, ['branch', '--no-track', name, start.commit]);
  if (out.exitCode !== 0) return gitFailed(`creating branch '${name}'`, out);
  return { ok: true, branch: name, commit: start.commit };
}
