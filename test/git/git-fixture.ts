import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runGit, type Repo } from '../../electron/core/git/repo.js';

/** Tests see no global or system git config (identity, hooks, merge settings) of the machine. */
export async function isolateFromMachineConfig(): Promise<void> {
  const home = await tempDir('assay-git-home-');
  process.env.HOME = home;
  process.env.GIT_CONFIG_GLOBAL = path.join(home, '.gitconfig');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  await writeFile(process.env.GIT_CONFIG_GLOBAL, '');
  for (const name of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) {
    delete process.env[name];
  }
}

export function tempDir(prefix = 'assay-git-'): Promise<string> {
  return mkdtemp(path.join(tmpdir(), prefix));
}

/** `git <args>` in `dir`, for arranging a test; throws when git fails. */
export async function sh(dir: string, ...args: string[]): Promise<string> {
  const out = await runGit(dir, args);
  if (out.exitCode !== 0) throw new Error(`git ${args.join(' ')} failed in ${dir}: ${out.stderr}`);
  return out.stdout.trim();
}

/** A new repository on `main` with a local identity; `files` are committed as the first commit, if any. */
export async function makeRepo(files: Record<string, string> = { 'models/a.sql': 'select 1 as id\n' }, identity = true): Promise<Repo> {
  const dir = await tempDir();
  await sh(dir, 'init', '-b', 'main');
  if (identity) {
    await sh(dir, 'config', 'user.name', 'Test Analyst');
    await sh(dir, 'config', 'user.email', 'analyst@example.com');
  }
  const repo = { dir: await realDir(dir) };
  if (Object.keys(files).length > 0) await commitAll(repo, files, 'initial');
  return repo;
}

async function realDir(dir: string): Promise<string> {
  return sh(dir, 'rev-parse', '--show-toplevel');
}

export async function write(repo: Repo, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(repo.dir, file)), { recursive: true });
    await writeFile(path.join(repo.dir, file), content);
  }
}

export function read(repo: Repo, file: string): Promise<string> {
  return readFile(path.join(repo.dir, file), 'utf8');
}

/** Writes `files`, commits everything, and returns the new commit. */
export async function commitAll(repo: Repo, files: Record<string, string>, message: string): Promise<string> {
  await write(repo, files);
  await sh(repo.dir, 'add', '-A');
  await sh(repo.dir, 'commit', '-q', '-m', message);
  return sh(repo.dir, 'rev-parse', 'HEAD');
}

/** Makes `branch` from main's HEAD with `files` committed on it, and goes back to main. */
export async function branchWith(repo: Repo, branch: string, files: Record<string, string>): Promise<string> {
  await sh(repo.dir, 'switch', '-q', '-c', branch);
  const commit = await commitAll(repo, files, `change on ${branch}`);
  await sh(repo.dir, 'switch', '-q', 'main');
  return commit;
}

/** `git status --porcelain` lines, sorted: a precise picture of the working tree to compare. */
export async function porcelain(repo: Repo): Promise<string[]> {
  const out = await runGit(repo.dir, ['status', '--porcelain', '--untracked-files=all']);
  return out.stdout.split('\n').filter(Boolean).sort();
}
