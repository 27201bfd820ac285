import { mkdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { GitResult } from '../../../shared/git-types.js';
import { hasCommits } from './refs.js';
import { runGit, type Repo } from './repo.js';
import { fail, gitFailed } from './result.js';

export type OpenedRepo = GitResult<{ repo: Repo; hasCommits: boolean }>;

/**
 * Opens the repository `dir` is in. `repo.dir` is the root of its working tree, which is `dir`
 * itself or a folder above it (a project in a subfolder of a bigger repository).
 */
export async function openRepo(dir: string): Promise<OpenedRepo> {
  const folder = path.resolve(dir);
  const info = await stat(folder).catch(() => null);
  if (!info) return fail('not-found', `${folder} does not exist`);
  if (!info.isDirectory()) return fail('not-found', `${folder} is not a folder`);
  const known = await knownRepo(folder);
  if (known) return { ok: true, repo: known, hasCommits: await hasCommits(known) };
  const top = await runGit(folder, ['rev-parse', '--show-toplevel']);
  if (top.exitCode !== 0) {
    if (/not a git repository/i.test(top.stderr)) {
      return fail('not-a-repository', `${folder} is not a git repository; it can be initialised as one (git init) to get branches and history`);
    }
    return gitFailed(`opening ${folder} as a git repository`, top);
  }
  const repo = { dir: path.resolve(top.stdout.trim()) };
  repoRoots.set(folder, repo.dir);
  return { ok: true, repo, hasCommits: await hasCommits(repo) };
}

/**
 * The repository a folder is in, without asking git, when it was found before and is still there:
 * a build asks for it on every save, and each git process costs more the bigger this process is.
 */
export async function knownRepo(dir: string): Promise<Repo | null> {
  const folder = path.resolve(dir);
  const root = repoRoots.get(folder);
  if (!root) return null;
  // Still so when the nearest `.git` above the folder is the root's: none was made in between, the root's was not removed.
  for (let at = folder; ; at = path.dirname(at)) {
    const found = await stat(path.join(at, '.git')).then(() => true, () => false);
    if (found || at === root || at === path.dirname(at)) return found && at === root ? { dir: root } : null;
  }
}

const repoRoots = new Map<string, string>();

/** Makes `dir` (created if needed) a git repository whose first branch is `main`; an existing one is just opened. */
export async function initRepo(dir: string): Promise<OpenedRepo> {
  const folder = path.resolve(dir);
  await mkdir(folder, { recursive: true });
  const existing = await openRepo(folder);
  if (existing.ok && existing.repo.dir === (await realpath(folder))) return existing;
  const init = await runGit(folder, ['init', '-b', 'main']);
  if (init.exitCode !== 0) return gitFailed(`initialising a git repository in ${folder}`, init);
  return openRepo(folder);
}
