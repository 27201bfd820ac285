import { abortMerge } from '../git/merge.js';
import { openRepo } from '../git/open-repo.js';
import { commitOf, head } from '../git/refs.js';
import { pickRemote, pull } from '../git/remote.js';
import { git, type Repo } from '../git/repo.js';
import type { StepOutcome } from './refresh-step.js';

export interface PullStepOptions {
  /** false: `--no-pull` (the scheduler checked the commit out itself, as CI does). */
  pull: boolean;
  remote?: string;
}

export interface PullOutcome extends StepOutcome {
  branch: string | null;
  commitBefore: string | null;
  commit: string | null;
}

/**
 * Brings the checked-out branch up to date with its remote, fast-forward only: a refresh reads
 * what others pushed and never merges. Diverged history, uncommitted changes or a remote that
 * cannot be reached stop the refresh before anything is built (`pull-failed`), naming the remote.
 */
export async function pullStep(projectRoot: string, options: PullStepOptions): Promise<PullOutcome> {
  const opened = await openRepo(projectRoot);
  if (!opened.ok) {
    const none = { branch: null, commitBefore: null, commit: null };
    if (opened.code === 'not-a-repository') return { ...none, status: 'skipped', message: 'not a git repository: nothing to pull' };
    return { ...none, status: 'failed', message: opened.error, stop: 'pull-failed' };
  }
  const repo = opened.repo;
  const { branch, commit: before } = await head(repo);
  const at = { branch, commitBefore: before, commit: before };
  if (!options.pull) return { ...at, status: 'skipped', message: 'not asked to pull (--no-pull)' };
  if (!(await hasRemote(repo))) return { ...at, status: 'skipped', message: 'the repository has no remote: nothing to pull' };
  if (branch === null) return { ...at, status: 'failed', message: 'cannot pull: HEAD is detached; check a branch out for the refresh', stop: 'pull-failed' };
  const remote = await pickRemote(repo, branch, options.remote, 'pull from');
  if (!remote.ok) return { ...at, status: 'failed', message: remote.error, stop: 'pull-failed' };
  const where = `${remote.name} (${await remoteUrl(repo, remote.name)})`;
  const pulled = await pull(repo, { remote: remote.name, fastForwardOnly: true });
  if (!pulled.ok) return { ...at, status: 'failed', message: `pulling '${branch}' from ${where} failed: ${pulled.error}`, stop: 'pull-failed' };
  switch (pulled.kind) {
    case 'up-to-date':
      return { ...at, status: 'unchanged', message: `'${branch}' is up to date with ${where}`, counts: { commits: 0 } };
    case 'fast-forward':
    case 'merge-commit': {
      const commits = Number((await git(repo, ['rev-list', '--count', `${before}..${pulled.commit}`])).stdout.trim());
      const message = `'${branch}' fast-forwarded from ${before?.slice(0, 8)} to ${pulled.commit.slice(0, 8)}: ${commits} commit(s) from ${where}`;
      return { ...at, commit: pulled.commit, status: 'ok', message, counts: { commits } };
    }
    case 'conflict': {
      // A fast-forward cannot conflict; should git ever stop in a merge, nothing is built from it.
      await abortMerge(repo);
      const message = `pulling '${branch}' from ${where} stopped in conflicts (${pulled.files.join(', ')}); the merge was aborted`;
      return { ...at, commit: await commitOf(repo, 'HEAD'), status: 'failed', message, stop: 'pull-failed' };
    }
    default:
      return pulled satisfies never;
  }
}

async function hasRemote(repo: Repo): Promise<boolean> {
  return (await git(repo, ['remote'])).stdout.trim() !== '';
}

async function remoteUrl(repo: Repo, remote: string): Promise<string> {
  const out = await git(repo, ['remote', 'get-url', '--', remote]);
  return out.exitCode === 0 ? out.stdout.trim() : 'no URL';
}
