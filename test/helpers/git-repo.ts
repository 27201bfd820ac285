import { simpleGit } from 'simple-git';

/** Makes `dir` a git repository on `main` with everything committed, as a user's project would be. */
export async function initCommittedRepo(dir: string): Promise<void> {
  const git = simpleGit(dir);
  await git.init(['-b', 'main']);
  await git.addConfig('user.name', 'Test Analyst');
  await git.addConfig('user.email', 'analyst@example.com');
  await git.addConfig('commit.gpgsign', 'false');
  await git.add('.');
  await git.commit('initial project');
}

export async function commitAll(dir: string, message: string): Promise<void> {
  const git = simpleGit(dir);
  await git.add('.');
  await git.commit(message);
}

export async function checkoutNewBranch(dir: string, branch: string): Promise<void> {
  await simpleGit(dir).checkoutLocalBranch(branch);
}

export async function checkoutBranch(dir: string, branch: string): Promise<void> {
  await simpleGit(dir).checkout(branch);
}
