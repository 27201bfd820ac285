import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestStatus, VariationPoint } from '../../../shared/test-types.js';

/** One test's outcome as remembered for `previous_run` and the history charts. */
export interface HistoryEntry {
  id: string;
  status: TestStatus;
  observed: number | string | null;
  points?: VariationPoint[];
  /** Anomaly tests per run: what this run measured, for the next runs to learn from. */
  anomaly?: { data_version: string | null; values: Record<string, number | null> };
}

export interface HistoryRun {
  at: string;
  branch: string | null;
  commit: string | null;
  env: string;
  tests: HistoryEntry[];
}

/**
 * The local run history: one JSON line per test run, per environment, under `.assay/history/`.
 * Append-only, so a crash mid-write loses at most the run being written.
 */
export class RunHistory {
  constructor(private readonly dir: string) {}

  private file(env: string): string {
    return path.join(this.dir, `${env}.jsonl`);
  }

  async runs(env: string): Promise<HistoryRun[]> {
    const text = await readFile(this.file(env), 'utf8').catch(() => '');
    const runs: HistoryRun[] = [];
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        runs.push(JSON.parse(line) as HistoryRun);
      } catch {
        // A torn last line from an interrupted write is skipped, not fatal.
      }
    }
    return runs;
  }

  /** The most recent run in which this test measured a value (not an error). */
  async lastSuccessful(env: string, testId: string): Promise<HistoryEntry | null> {
    return lastMeasured(await this.runs(env), testId);
  }

  async append(run: HistoryRun): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await appendFile(this.file(run.env), `${JSON.stringify(run)}\n`);
  }
}

/** The test's entry in the latest of these runs in which it measured a value (not an error). */
export function lastMeasured(runs: HistoryRun[], testId: string): HistoryEntry | null {
  for (let i = runs.length - 1; i >= 0; i--) {
    const entry = runs[i]?.tests.find((t) => t.id === testId);
    // The first run has no baseline (skipped) but did measure: that value is the next run's baseline.
    if (entry && entry.status !== 'error' && entry.observed !== null) return entry;
  }
  return null;
}
