import path from 'node:path';
import chokidar from 'chokidar';

/** Folders that never hold project sources: Assay's own state, git's, dependencies, dbt's output. */
const IGNORED_DIRS = new Set(['.assay', '.git', 'node_modules', 'target', 'dbt_packages', 'logs']);

export interface ProjectWatch {
  close(): Promise<void>;
}

export interface WatchHandlers {
  /** Project files added, changed or removed, relative to the project root with `/` separators. */
  onFiles(files: string[]): void;
  /** Git moved HEAD: a checkout, a commit, a branch switch made outside the app. */
  onHead(): void;
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

  // git replaces HEAD by renaming HEAD.lock over it, so the folder is watched rather than the file.
  const head = gitDir ? chokidar.watch(gitDir, { ignoreInitial: true, depth: 0 }) : null;
  head?.on('all', (_event, changed) => {
    if (path.basename(changed) === 'HEAD') handlers.onHead();
  });
  await Promise.all([ready(files), head ? ready(head) : Promise.resolve()]);
  return {
    close: async () => {
      await files.close();
      await head?.close();
    },
  };
}

function isIgnored(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  if (rel === '' || rel.startsWith('..')) return false;
  if (rel.endsWith('.assay-tmp')) return true;
  return rel.split(path.sep).some((segment) => IGNORED_DIRS.has(segment));
}

function ready(watcher: chokidar.FSWatcher): Promise<void> {
  return new Promise((resolve) => watcher.once('ready', () => resolve()));
}
