import { git, type Repo } from './repo.js';

/** The message changes left on `branch` are stashed under; finding them again relies on it. */
export function stashMessage(branch: string): string {
  return `assay: uncommitted changes left on '${branch}'`;
}

/** The newest stash made by leaving `branch`, as `stash@{n}`, or null. */
export async function findBranchStash(repo: Repo, branch: string): Promise<string | null> {
  const out = await git(repo, ['stash', 'list', '--format=%gd%x00%gs']);
  if (out.exitCode !== 0) return null;
  // Git records the stash's subject as `On <branch>: <message>`.
  const subject = `On ${branch}: ${stashMessage(branch)}`;
  for (const line of out.stdout.split('\n')) {
    const [selector, stashSubject] = line.split('\0');
    if (selector && stashSubject === subject) return selector;
  }
  return null;
}
