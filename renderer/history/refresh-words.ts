import type { RefreshStepStatus, RefreshVerdict } from '../../shared/refresh-types.js';
import { assertNever } from '../util/assert-never.js';

/** The verdict in the words the README's exit-code table uses, with its exit code. */
export function verdictWords(verdict: RefreshVerdict): string {
  switch (verdict) {
    case 'ok': return 'ok';
    case 'failed': return 'failed (exit 1)';
    case 'cancelled': return 'cancelled (exit 1)';
    case 'error': return 'project error (exit 2)';
    case 'no-go': return 'gate no-go (exit 3)';
    case 'pull-failed': return 'pull failed (exit 4)';
    case 'busy': return 'busy (exit 5)';
    default: return assertNever(verdict);
  }
}

export function verdictTone(verdict: RefreshVerdict): string {
  switch (verdict) {
    case 'ok': return 'var(--test-pass)';
    case 'no-go':
    case 'busy':
    case 'cancelled': return 'var(--test-warn)';
    case 'failed':
    case 'error':
    case 'pull-failed': return 'var(--test-fail)';
    default: return assertNever(verdict);
  }
}

export function stepTone(status: RefreshStepStatus): string {
  switch (status) {
    case 'ok': return 'var(--test-pass)';
    case 'unchanged':
    case 'skipped':
    case 'not-run': return 'var(--test-skipped)';
    case 'no-go': return 'var(--test-warn)';
    case 'failed': return 'var(--test-fail)';
    default: return assertNever(status);
  }
}
