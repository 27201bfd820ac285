import type { BuildSummary } from './build-types.js';
import type { TestRunReport, TestSummaryCounts } from './test-types.js';

/** What one build did to its nodes. */
export interface BuildCounts {
  built: number;
  reused: number;
  failed: number;
  skipped: number;
}

interface RunRecordBase {
  /** Sortable and unique: `<finished, compact ISO>-<kind>-<6 hex>`, e.g. `20250301T101502123Z-build-3fa9c1`. */
  id: string;
  branch: string | null;
  env: string;
  commit: string | null;
  startedAt: string;
  finishedAt: string;
}

export interface BuildRunRecord extends RunRecordBase {
  kind: 'build';
  status: BuildSummary['status'];
  counts: BuildCounts;
}

export interface TestRunRecord extends RunRecordBase {
  kind: 'tests';
  /** The run's verdict (shared/run-verdict.ts). */
  outcome: 'passed' | 'warned' | 'failed';
  counts: TestSummaryCounts;
  /** What was run when not every test: `input stage`, or the selected nodes. */
  scope: string | null;
  /** The environment fingerprint the tests ran on: tells which kept catalog they tested (issue 17); absent in older records. */
  envFingerprint?: string;
}

/** One build or test run of a branch, as its run history lists it. */
export type RunRecord = BuildRunRecord | TestRunRecord;

/** One recorded run with what it produced: the build's summary, or the test run's report. */
export type RunDetail = { record: BuildRunRecord; build: BuildSummary } | { record: TestRunRecord; report: TestRunReport };

/** A run's id as the history names it: anything else is refused before it can name a file. */
export const RUN_ID_PATTERN = /^\d{8}T\d{9}Z-(build|tests)-[0-9a-f]{6}$/;

/** `9 built, 3 reused, 0 failed, 0 skipped` or `12 passed, 1 warned, 1 failed, 0 errored, 0 skipped`. */
export function describeRunCounts(run: RunRecord): string {
  if (run.kind === 'build') {
    const { built, reused, failed, skipped } = run.counts;
    return `${built} built, ${reused} reused, ${failed} failed, ${skipped} skipped`;
  }
  const { pass, warn, fail, error, skipped } = run.counts;
  return `${pass} passed, ${warn} warned, ${fail} failed, ${error} errored, ${skipped} skipped`;
}
