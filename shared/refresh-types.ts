/**
 * One scheduled refresh (`assay refresh`, issue 17): each step's outcome, the verdict, and what
 * was published where. The refresh log keeps these, the app lists them; no Node imports here.
 */

export const REFRESH_STEPS = ['pull', 'deps', 'build', 'test', 'publish'] as const;
export type RefreshStepName = (typeof REFRESH_STEPS)[number];

/**
 * `ok`: the step did its work; `unchanged`: there was nothing new for it (pulled nothing, packages
 * as locked, every node reused, already published); `skipped`: not asked for or not applicable
 * (no remote, no packages, no --publish), the message says which; `not-run`: an earlier step
 * stopped the refresh; `failed`; `no-go`: the release gate refused to publish.
 */
export type RefreshStepStatus = 'ok' | 'unchanged' | 'skipped' | 'not-run' | 'failed' | 'no-go';

export interface RefreshStep {
  step: RefreshStepName;
  status: RefreshStepStatus;
  ms: number;
  /** One line: what it did, or why it did nothing, naming the remote, file or test at fault. */
  message: string;
  /** built/reused/failed/skipped nodes, pass/warn/fail/error/skipped tests, commits pulled, packages, dashboards. */
  counts?: Record<string, number>;
  /** The problems behind a failure or a no-go, one per line. */
  reasons?: string[];
}

/**
 * The refresh's outcome, each with its exit code (electron/cli/exit-codes.ts, README "Scheduled refresh"):
 * `ok` 0; `failed` 1 (a node or an error-level test failed, or the refresh was cancelled: `cancelled`
 * also 1); `error` 2 (the project or its packages have an error); `no-go` 3; `pull-failed` 4;
 * `busy` 5 (a build of the environment was running).
 */
export type RefreshVerdict = 'ok' | 'failed' | 'cancelled' | 'error' | 'no-go' | 'pull-failed' | 'busy';

/** Dashboards a refresh published, or found still published from an earlier refresh of the same commit and data. */
export interface RefreshPublication {
  outDir: string;
  commit: string | null;
  envFingerprint: string;
  dashboards: { name: string; dir: string; publishedAt: string }[];
  /** The refresh that wrote them (this one, or the earlier one whose publication still stands). */
  byRefresh: string;
}

export interface RefreshRecord {
  /** Sortable and unique: `<started, compact ISO>-refresh-<6 hex>`. */
  id: string;
  startedAt: string;
  finishedAt: string;
  ms: number;
  /** The process that ran it, and its machine. */
  pid: number;
  host: string;
  branch: string | null;
  env: string | null;
  /** HEAD before the pull, and the commit the refresh built. */
  commitBefore: string | null;
  commit: string | null;
  envFingerprint: string | null;
  options: { publish: boolean; pull: boolean; remote: string | null; outDir: string | null };
  verdict: RefreshVerdict;
  /** The outcome in one line, as `assay refresh` and `assay watch` print it. */
  message: string;
  steps: RefreshStep[];
  published: RefreshPublication | null;
  /** What else happened, e.g. a stale lock of a dead process taken over. */
  notes: string[];
}

/** What the app shows: the recent refreshes, newest first, and the one running now, if any. */
export interface RefreshLogView {
  /** The branch whose refreshes these are (null outside git). */
  branch: string | null;
  refreshes: RefreshRecord[];
  /** Lines of the log that could not be read, each naming the file and line. */
  problems: string[];
  running: { pid: number; host: string; startedAt: string } | null;
}

/** `3 built, 10 reused` / `12 passed, 1 warned` / `2 commits`: a step's counts in words, zeros left out (but never all). */
export function describeCounts(counts: Record<string, number> | undefined): string {
  if (!counts) return '';
  const entries = Object.entries(counts);
  const shown = entries.filter(([, n]) => n !== 0);
  return (shown.length > 0 ? shown : entries.slice(0, 1)).map(([name, n]) => `${n} ${name}`).join(', ');
}
