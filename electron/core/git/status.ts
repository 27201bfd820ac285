import type { FileChange, FileStatus, GitResult, RepoStatus } from '../../../shared/git-types.js';
import { head, mergeInProgress } from './refs.js';
import { git, type Repo } from './repo.js';
import { gitFailed } from './result.js';

const changeOf: Record<string, FileChange> = {
  ' ': 'unmodified',
  M: 'modified',
  A: 'added',
  D: 'deleted',
  R: 'renamed',
  C: 'copied',
  T: 'type-changed',
  '?': 'untracked',
  U: 'conflicted',
};

const conflictCodes = new Set(['DD', 'AU', 'UD', 'UA', 'DU', 'AA', 'UU']);

export async function getStatus(repo: Repo): Promise<GitResult<RepoStatus>> {
  // -z: paths are NUL-terminated and never quoted; -uall: files inside untracked folders are listed one by one.
  const out = await git(repo, ['status', '--porcelain=v1', '-z', '--untracked-files=all']);
  if (out.exitCode !== 0) return gitFailed(`reading the status of ${repo.dir}`, out);
  const files = parsePorcelain(out.stdout);
  const pick = (keep: (f: FileStatus) => boolean) => files.filter(keep).map((f) => f.path);
  const conflicted = pick((f) => f.index === 'conflicted');
  const untracked = pick((f) => f.index === 'untracked');
  const staged = pick((f) => !['unmodified', 'untracked', 'conflicted'].includes(f.index));
  const changed = pick((f) => !['unmodified', 'untracked', 'conflicted'].includes(f.workingTree));
  return {
    ok: true,
    branch: (await head(repo)).branch,
    files,
    staged,
    changed,
    untracked,
    conflicted,
    merging: await mergeInProgress(repo),
    isClean: files.length === 0,
  };
}

export async function isClean(repo: Repo): Promise<GitResult<{ clean: boolean }>> {
  const status = await getStatus(repo);
  return status.ok ? { ok: true, clean: status.isClean } : status;
}

function parsePorcelain(output: string): FileStatus[] {
  const fields = output.split('\0');
  const files: FileStatus[] = [];
  for (let i = 0; i < fields.length; i++) {
    const entry = fields[i] ?? '';
    if (entry.length < 4) continue;
    const xy = entry.slice(0, 2);
    const file: FileStatus = { path: entry.slice(3), index: changeOf[xy[0] ?? ' '] ?? 'modified', workingTree: changeOf[xy[1] ?? ' '] ?? 'modified' };
    if (conflictCodes.has(xy)) {
      file.index = 'conflicted';
      file.workingTree = 'conflicted';
    } else if (/[RC]/.test(xy)) {
      // A rename or copy is followed by a field holding the path it came from.
      file.from = fields[++i];
    }
    files.push(file);
  }
  return files;
}
