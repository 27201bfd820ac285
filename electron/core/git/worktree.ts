import { appendFile, mkdir, readdir, readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { GitResult, WorktreeInfo } from '../../../shared/git-types.js';
import { resolveCommit } from './branches.js';
import { git, runGit, type Repo } from './repo.js';
import { fail, gitFailed } from './result.js';

interface RegisteredWorktree {
  dir: string;
  head: string | null;
  /** null when detached. */
  branch: string | null;
  main: boolean;
}

/**
 * Puts a detached worktree of the repository at `dir`, checked out at `commit`: creates it, or
 * moves an existing one there. Worktrees made here belong to Assay, so moving one discards
 * anything changed in it; the user's own working tree is never touched.
 */
export async function ensureWorktree(repo: Repo, commit: string, dir: string): Promise<GitResult<WorktreeInfo>> {
  const target = await resolveCommit(repo, commit);
  if (!target.ok) return target;
  const sha = target.commit;
  await mkdir(path.dirname(path.resolve(dir)), { recursive: true });
  const where = await canonical(dir);
  const known = await findWorktree(repo, where);
  if (known?.main) return fail('worktree-in-the-way', `${where} is the repository's own working tree, not a worktree Assay may move`);
  if (known?.branch) return fail('worktree-in-the-way', `${where} is a worktree with branch '${known.branch}' checked out; Assay only moves the detached worktrees it made`);
  if (known && (await exists(where))) return moveWorktree(where, known, sha);

  const entries = await readdir(where).catch(() => null);
  if (entries && entries.length > 0) return fail('worktree-in-the-way', `${where} already exists and is not a worktree of ${repo.dir}; Assay will not overwrite it`);
  await excludeFromStatus(repo, where);
  // A worktree whose folder was deleted is still registered, and git refuses to add it again.
  await git(repo, ['worktree', 'prune']);
  const added = await git(repo, ['worktree', 'add', '--detach', where, sha]);
  if (added.exitCode !== 0) return gitFailed(`creating a worktree at ${where}`, added);
  return { ok: true, dir: where, commit: sha };
}

/** Removes a worktree made by `ensureWorktree`, with whatever was built in it. */
export async function removeWorktree(repo: Repo, dir: string): Promise<GitResult<{ removed: boolean }>> {
  const where = await canonical(dir);
  const known = await findWorktree(repo, where);
  if (!known) {
    if (await exists(where)) return fail('worktree-in-the-way', `${where} is not a worktree of ${repo.dir}; Assay will not delete it`);
    return { ok: true, removed: false };
  }
  if (known.main || known.branch) return fail('worktree-in-the-way', `${where} is not a detached worktree made by Assay; it is left alone`);
  const removed = await git(repo, ['worktree', 'remove', '--force', where]);
  if (removed.exitCode !== 0) return gitFailed(`removing the worktree at ${where}`, removed);
  return { ok: true, removed: true };
}

async function moveWorktree(where: string, known: RegisteredWorktree, sha: string): Promise<GitResult<WorktreeInfo>> {
  const dirty = await runGit(where, ['status', '--porcelain', '--untracked-files=all']);
  if (known.head === sha && dirty.exitCode === 0 && dirty.stdout === '') return { ok: true, dir: where, commit: sha };
  const checkout = await runGit(where, ['checkout', '--detach', '--force', sha]);
  if (checkout.exitCode !== 0) return gitFailed(`moving the worktree at ${where} to ${sha.slice(0, 8)}`, checkout);
  // Untracked, not ignored files would be read as project files; ignored build output stays.
  const clean = await runGit(where, ['clean', '-fd']);
  if (clean.exitCode !== 0) return gitFailed(`cleaning the worktree at ${where}`, clean);
  return { ok: true, dir: where, commit: sha };
}

async function findWorktree(repo: Repo, where: string): Promise<RegisteredWorktree | null> {
  const out = await git(repo, ['worktree', 'list', '--porcelain']);
  if (out.exitCode !== 0) return null;
  const blocks = out.stdout.split('\n\n').filter((b) => b.trim());
  for (const [i, block] of blocks.entries()) {
    const field = (name: string) => block.split('\n').find((l) => l.startsWith(`${name} `))?.slice(name.length + 1) ?? null;
    const dir = field('worktree');
    if (!dir || (await canonical(dir)) !== where) continue;
    const branch = field('branch');
    return { dir: await canonical(dir), head: field('HEAD'), branch: branch?.replace(/^refs\/heads\//, '') ?? null, main: i === 0 };
  }
  return null;
}

/**
 * A worktree inside the working tree (`.assay/worktrees/main`) would show as an untracked
 * folder, blocking branch switches and swept into stashes, unless git ignores it.
 */
async function excludeFromStatus(repo: Repo, where: string): Promise<void> {
  const root = await canonical(repo.dir);
  const relative = path.relative(root, where);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return;
  const rel = relative.split(path.sep).join('/');
  if ((await git(repo, ['check-ignore', '-q', '--no-index', rel])).exitCode === 0) return;
  const excludePath = await git(repo, ['rev-parse', '--git-path', 'info/exclude']);
  if (excludePath.exitCode !== 0) return;
  const file = path.resolve(repo.dir, excludePath.stdout.trim());
  const pattern = `/${rel}/`;
  const current = await readFile(file, 'utf8').catch(() => '');
  if (current.split('\n').includes(pattern)) return;
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${current === '' || current.endsWith('\n') ? '' : '\n'}${pattern}\n`);
}

/** The real path of `dir`, or of its nearest existing parent joined with the rest. */
async function canonical(dir: string): Promise<string> {
  const absolute = path.resolve(dir);
  const real = await realpath(absolute).catch(() => null);
  if (real) return real;
  const parent = path.dirname(absolute);
  return parent === absolute ? absolute : path.join(await canonical(parent), path.basename(absolute));
}

async function exists(dir: string): Promise<boolean> {
  return (await readdir(dir).catch(() => null)) !== null;
}
