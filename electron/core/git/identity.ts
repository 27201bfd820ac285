import type { GitFailure } from '../../../shared/git-types.js';
import { git, type Repo } from './repo.js';
import { fail } from './result.js';

/**
 * Refuses before committing when no name or email is configured. Git itself would sometimes
 * invent one from the login and host name (`root@host.(none)`), which nobody wants in history.
 */
export async function missingIdentity(repo: Repo): Promise<GitFailure | null> {
  const setting = async (key: string) => {
    const out = await git(repo, ['config', '--get', key]);
    return out.exitCode === 0 ? out.stdout.trim() : '';
  };
  const name = process.env.GIT_AUTHOR_NAME || (await setting('author.name')) || (await setting('user.name'));
  const email = process.env.GIT_AUTHOR_EMAIL || (await setting('author.email')) || (await setting('user.email')) || process.env.EMAIL;
  const missing = [name ? null : 'user.name', email ? null : 'user.email'].filter((k): k is string => k !== null);
  if (missing.length === 0) return null;
  return fail(
    'no-identity',
    `no git identity is configured (${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} not set), so git cannot record who made the commit. ` +
      'Set it with: git config --global user.name "Your Name" and git config --global user.email "you@example.com"',
  );
}
