import type { RunRecord } from '../../shared/run-history-types.js';
import { assertNever } from '../util/assert-never.js';

/** `Mar 1, 2025, 10:02:03 AM`, in the reader's time zone and words; `Mar 1, 10:02:03 AM` when short. */
export function runTime(iso: string, short = false): string {
  const at = new Date(iso);
  if (!short) return at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
  return at.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit' });
}

/** What the run came to, in one word: the build's status, or the test run's verdict. */
export function runResult(run: RunRecord): string {
  return run.kind === 'build' ? run.status : run.outcome;
}

/** The colour of that word, from the tests' palette (screens.css). */
export function runTone(run: RunRecord): string {
  if (run.kind === 'tests') {
    switch (run.outcome) {
      case 'passed': return 'var(--test-pass)';
      case 'warned': return 'var(--test-warn)';
      case 'failed': return 'var(--test-fail)';
      default: return assertNever(run.outcome);
    }
  }
  switch (run.status) {
    case 'ok': return 'var(--test-pass)';
    case 'up-to-date': return 'var(--test-skipped)';
    case 'cancelled': return 'var(--test-warn)';
    case 'failed': return 'var(--test-fail)';
    default: return assertNever(run.status);
  }
}

export function runTitle(run: RunRecord): string {
  return run.kind === 'build' ? 'Build' : run.scope ? 'Tests' : 'All tests';
}
