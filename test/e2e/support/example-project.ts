import { initCommittedRepo } from '../../helpers/git-repo.js';
import { copyFixture } from '../../helpers/temp-project.js';

/** A fresh copy of the pharma-launch example, committed on `main` in a repository of its own. */
export async function createExampleRepo(): Promise<string> {
  const dir = await copyFixture('pharma-launch');
  await initCommittedRepo(dir);
  return dir;
}
