import path from 'node:path';
import chokidar from 'chokidar';
import type { RefreshRecord } from '../../../shared/refresh-types.js';
import { ChangeBatcher } from '../workbench/change-batcher.js';
import { RefreshBusyError } from './refresh-lock.js';
import { RefreshRefusedError, runRefresh, type RefreshOptions } from './run-refresh.js';
import { sourceGlobs, type SourceGlobs } from './source-globs.js';

export interface WatchOptions {
  projectRoot: string;
  refresh: Omit<RefreshOptions, 'projectRoot'>;
  /** Quiet time after the last file event before a refresh starts. */
  debounceMs: number;
  /** Refresh once at start (files may have landed while nothing watched). */
  initial?: boolean;
  /** When another refresh holds the lock, try again after this long (default: the debounce, at least 10 s). */
  retryMs?: number;
  /** Each refresh's outcome (or why it could not run), as it finishes. */
  onRefresh(outcome: WatchOutcome): void;
  /** What is watched, once the watcher is ready (at start, and whenever a refresh changed the sources). */
  onWatching?(globs: SourceGlobs): void;
  /** Each file event, relative to the project. */
  onFiles?(files: string[]): void;
  /** The refresh to run; `runRefresh` unless a test gives its own. */
  run?(options: RefreshOptions): Promise<RefreshRecord>;
}

export interface WatchOutcome {
  /** One line: the refresh's own, or why it did not run. */
  line: string;
  record: RefreshRecord | null;
  /** The file events it answers (empty for the refresh at start). */
  files: string[];
}

export interface SourceWatch {
  /** Stops watching; a refresh under way finishes (cancel it with the refresh's signal) before this resolves. */
  close(): Promise<void>;
  /** Resolves when no refresh runs or waits (tests). */
  settled(): Promise<void>;
}

const START = '(start)';

/**
 * `assay watch`: refreshes when files land where a source reads them. Events are collected until
 * `debounceMs` pass without one (and each file until its size stops changing, so a delivery being
 * copied is read whole), then one refresh runs; changes during a refresh wait and make exactly
 * one more. A refresh that finds another one running is tried again after `retryMs`.
 */
export async function watchSources(options: WatchOptions): Promise<SourceWatch> {
  const root = path.resolve(options.projectRoot);
  const run = options.run ?? runRefresh;
  const retryMs = options.retryMs ?? Math.max(options.debounceMs, 10_000);
  const retries = new Set<NodeJS.Timeout>();
  let globs = await watchable(root);

  const handle = async (events: string[]) => {
    const files = events.filter((f) => f !== START);
    try {
      const record = await run({ ...options.refresh, projectRoot: root });
      options.onRefresh({ line: record.message, record, files });
    } catch (err) {
      if (!(err instanceof RefreshBusyError || err instanceof RefreshRefusedError)) throw err;
      const again = err instanceof RefreshBusyError;
      options.onRefresh({ line: `not refreshed: ${err.message}${again ? `; trying again in ${Math.round(retryMs / 1000)} s` : ''}`, record: null, files });
      if (again) {
        const timer = setTimeout(() => {
          retries.delete(timer);
          batcher.add(events, true);
        }, retryMs);
        retries.add(timer);
      }
    }
    // A pull may have brought other sources: watch what the project reads now.
    const now = await watchable(root).catch(() => globs);
    if (key(now) !== key(globs)) {
      globs = now;
      await watcher.close();
      watcher = await startWatcher(globs);
    }
  };
  const batcher = new ChangeBatcher(options.debounceMs, handle, (err) => {
    options.onRefresh({ line: `refresh error: ${err instanceof Error ? err.message : String(err)}`, record: null, files: [] });
  });

  const startWatcher = async (current: SourceGlobs) => {
    const w = chokidar.watch(current.watched.map((g) => g.absolute), {
      ignoreInitial: true,
      awaitWriteFinish: { stabilityThreshold: Math.min(1000, Math.max(50, Math.round(options.debounceMs / 2))), pollInterval: 25 },
    });
    const report = (file: string) => {
      const rel = path.relative(root, file).split(path.sep).join('/');
      options.onFiles?.([rel]);
      batcher.add([rel]);
    };
    w.on('add', report).on('change', report).on('unlink', report);
    await new Promise<void>((resolve) => w.once('ready', () => resolve()));
    // Said only now: a file landing before the watcher is ready would be taken for one already there.
    options.onWatching?.(current);
    return w;
  };
  let watcher = await startWatcher(globs);
  if (options.initial ?? true) batcher.add([START], true);

  return {
    close: async () => {
      for (const timer of retries) clearTimeout(timer);
      retries.clear();
      batcher.close();
      await watcher.close();
      await batcher.settled();
    },
    settled: () => batcher.settled(),
  };
}

async function watchable(root: string): Promise<SourceGlobs> {
  const globs = await sourceGlobs(root);
  if (globs.watched.length === 0) {
    const why = globs.notWatched.map((n) => `${n.source}: ${n.reason}`).join('; ');
    throw new RefreshRefusedError(`nothing to watch: no source of ${root} reads local files${why ? ` (${why})` : ''}`);
  }
  return globs;
}

function key(globs: SourceGlobs): string {
  return globs.watched.map((g) => g.absolute).sort().join('\n');
}
