import type { TestResult, TestStatus } from '../../../shared/test-types.js';
import type { AggregateCheck } from './check-plan.js';
import { parseAge, statusForFailingRows } from './thresholds.js';

export type Evaluated = Pick<TestResult, 'status' | 'observed' | 'threshold' | 'failing_rows' | 'message'>;

/** Reads an aggregate check's value as a test outcome. */
export function evaluateAggregate(check: AggregateCheck, raw: unknown, now = Date.now()): Evaluated {
  const { test } = check;
  const value = raw === null || raw === undefined ? null : Number(raw);
  switch (check.measures) {
    case 'failing_rows': {
      const count = value ?? 0;
      return { status: statusForFailingRows(count, test.severity, test.warnIf, test.errorIf), observed: count, failing_rows: count, threshold: test.errorIf ?? '!= 0', message: null };
    }
    case 'row_count': {
      const count = value ?? 0;
      const min = test.args.min === undefined ? undefined : Number(test.args.min);
      const max = test.args.max === undefined ? undefined : Number(test.args.max);
      const outside = (min !== undefined && count < min) || (max !== undefined && count > max);
      const threshold = [min !== undefined ? `min ${min}` : null, max !== undefined ? `max ${max}` : null].filter(Boolean).join(', ');
      return { status: outside ? failStatus(test.severity) : 'pass', observed: count, failing_rows: null, threshold, message: outside ? `${count} rows, expected ${threshold}` : null };
    }
    case 'newest': {
      const maxAge = parseAge(String(test.args.max_age));
      if (value === null) return { status: failStatus(test.severity), observed: null, failing_rows: null, threshold: `newer than ${String(test.args.max_age)}`, message: 'no timestamp at all' };
      const ageSeconds = now / 1000 - value;
      const stale = ageSeconds > maxAge;
      return {
        status: stale ? failStatus(test.severity) : 'pass',
        observed: new Date(value * 1000).toISOString(),
        failing_rows: null,
        threshold: `newer than ${String(test.args.max_age)}`,
        message: stale ? `newest value is ${Math.round(ageSeconds / 3600)} hours old` : null,
      };
    }
  }
}

export function failStatus(severity: 'error' | 'warn'): TestStatus {
  return severity === 'warn' ? 'warn' : 'fail';
}
