import path from 'node:path';
import chokidar from 'chokidar';
import { isAtomicWriteTemp } from '../files/write-file-atomically.js';

/** Folders that never hold project sources: Assay's own state, git's, dependencies, dbt's output. */
const IGNORED_DIRS = new Set(['.assay', '.git', 'node_modules', 'target', 'dbt_packages', 'logs']);

export interface ProjectWatch {
  close(): Promise<void>;
}

export interface WatchHandlers {
  /** Project files added, changed or removed, relative to the project root with `/` separators. */
  onFiles(files: string[]): void;
  /** Git's own state moved: a checkout, a commit, a new branch, a staged file, made in or outside the app. */
  onGit(): void;
  onError?(error: Error): void;
}

/**
 * Watches the project folder and the repository's HEAD. The files on disk are the truth: an edit
 * in another editor or a `git checkout` reaches the UI the same way as a save in the app.
 */
export async function watchProject(root: string, gitDir: string | null, handlers: WatchHandlers): Promise<ProjectWatch> {
  const files = chokidar.watch(root, {
    ignoreInitial: true,
    ignored: (candidate: string) => isIgnored(root, candidate),
  });
  const report = (abs: string) => handlers.onFiles([path.relative(root, abs).split(path.sep).join('/')]);
  files.on('add', report).on('change', report).on('unlink', report).on('unlinkDir', report);
  files.on('error', (err) => handlers.onError?.(err instanceof Error ? err : new Error(String(err))));

  // git replaces its files by renaming `<name>.lock` over them, so folders are watched rather than files.
  const git = gitDir ? chokidar.watch(gitDir, { ignoreInitial: true, ignored: (candidate: string) => !isGitState(gitDir, candidate) }) : null;
  git?.on('all', () => handlers.onGit());
  await Promise.all([ready(files), git ? ready(git) : Promise.resolve()]);
  return {
    close: async () => {
      await files.close();
      await git?.close();
    },
  };
}

/** The files that say which branch is checked out, what is staged, and where branches point. */
const GIT_STATE_FILES = new Set(['HEAD', 'index', 'packed-refs', 'MERGE_HEAD']);

function isGitState(gitDir: string, candidate: string): boolean {
  const rel = path.relative(gitDir, candidate);
  if (rel === '') return true;
  const [top, second] = rel.split(path.sep);
  if (top === 'refs') return second === undefined || second === 'heads';
  return GIT_STATE_FILES.has(rel);
}

function isIgnored(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  if (rel === '' || rel.startsWith('..')) return false;
  if (rel.endsWith('.assay-tmp') || isAtomicWriteTemp(rel)) return true;
  return rel.split(path.sep).some((segment) => IGNORED_DIRS.has(segment));
}

function ready(watcher: chokidar.FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()));
}
