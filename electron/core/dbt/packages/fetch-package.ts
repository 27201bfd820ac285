import { rm } from 'node:fs/promises';
import path from 'node:path';
import { gitMessage, runGit } from '../../git/repo.js';
import { GitRemoteError } from './remote-refs.js';

/** What to check out of a repository: a tag or branch by name, or a commit; with both, they must agree. */
export interface FetchTarget {
  ref?: string;
  commit?: string;
}

const fullSha = /^[0-9a-f]{40}$/;

/**
 * Fetches one revision of `url` (shallow) into the new folder `dest` and leaves its files there
 * without a .git folder. Returns the commit checked out. Uses the git command, so git's own
 * configuration (insteadOf mirrors, credentials) applies; it never prompts.
 */
export async function fetchRevision(url: string, target: FetchTarget, dest: string): Promise<string> {
  const parent = path.dirname(dest);
  if (target.ref) {
    const cloned = await runGit(parent, ['-c', 'advice.detachedHead=false', 'clone', '-q', '--depth', '1', '--no-tags', '--branch', target.ref, '--', url, dest], { noPrompt: true });
    if (cloned.exitCode !== 0) throw new GitRemoteError(gitMessage(cloned));
  } else if (target.commit) {
    await git(parent, ['init', '-q', dest]);
    const fetched = await runGit(dest, ['fetch', '-q', '--no-tags', ...(fullSha.test(target.commit) ? ['--depth', '1', '--', url, target.commit] : ['--', url, '+refs/heads/*:refs/remotes/origin/*', '+refs/tags/*:refs/tags/*'])], { noPrompt: true });
    if (fetched.exitCode !== 0) throw new GitRemoteError(gitMessage(fetched));
    const wanted = fullSha.test(target.commit) ? 'FETCH_HEAD' : target.commit;
    const commit = await runGit(dest, ['rev-parse', '--verify', '--quiet', `${wanted}^{commit}`]);
    if (commit.exitCode !== 0) throw new GitRemoteError(`no commit '${target.commit}' in the repository`);
    await git(dest, ['-c', 'advice.detachedHead=false', 'checkout', '-q', '--detach', commit.stdout.trim()]);
  } else {
    throw new Error('fetchRevision needs a ref or a commit');
  }
  const head = (await git(dest, ['rev-parse', 'HEAD'])).trim();
  await rm(path.join(dest, '.git'), { recursive: true, force: true });
  if (target.commit && fullSha.test(target.commit) && head !== target.commit) {
    throw new GitRemoteError(`'${target.ref}' now points at commit ${head.slice(0, 12)}, not ${target.commit.slice(0, 12)} as recorded`);
  }
  return head;
}

async function git(dir: string, args: string[]): Promise<string> {
  const out = await runGit(dir, args, { noPrompt: true });
  if (out.exitCode !== 0) throw new GitRemoteError(gitMessage(out));
  return out.stdout;
}
