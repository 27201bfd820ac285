import type { TestStatus } from './test-types.js';

export type VariationDirection = 'drop' | 'rise' | 'both';

export interface VariationThresholds {
  /** Percent change that warns, e.g. 10 for 10 %. */
  warnPct?: number;
  /** Percent change that fails, e.g. 20 for 20 %. */
  errorPct?: number;
  direction: VariationDirection;
  /** Below this baseline (absolute), a change is not flagged: small counts move a lot. */
  minBaseline?: number;
}

export interface VariationOutcome {
  delta: number | null;
  deltaPct: number | null;
  status: TestStatus;
  reason: string;
}

/**
 * Compares a metric with its baseline. A zero baseline has no percentage: any non-zero current
 * value in the watched direction counts as an unbounded change (fail at the error threshold),
 * and zero against zero is no change.
 */
export function compareVariation(current: number | null, baseline: number | null, t: VariationThresholds): VariationOutcome {
  if (current === null || baseline === null) {
    return { delta: null, deltaPct: null, status: 'skipped', reason: current === null ? 'no current value' : 'no baseline value' };
  }
  const delta = current - baseline;
  if (t.minBaseline !== undefined && Math.abs(baseline) < t.minBaseline) {
    return { delta, deltaPct: pct(delta, baseline), status: 'pass', reason: `baseline ${baseline} below min_baseline ${t.minBaseline}` };
  }
  if (baseline === 0) {
    if (delta === 0) return { delta, deltaPct: 0, status: 'pass', reason: 'zero against zero' };
    const watched = t.direction === 'both' || (t.direction === 'rise' ? delta > 0 : delta < 0);
    const status: TestStatus = !watched ? 'pass' : t.errorPct !== undefined ? 'fail' : t.warnPct !== undefined ? 'warn' : 'pass';
    return { delta, deltaPct: null, status, reason: 'baseline is zero: the change has no percentage' };
  }
  const deltaPct = pct(delta, baseline) as number;
  const moved = t.direction === 'drop' ? -deltaPct : t.direction === 'rise' ? deltaPct : Math.abs(deltaPct);
  if (t.errorPct !== undefined && moved > t.errorPct) return { delta, deltaPct, status: 'fail', reason: `${describe(deltaPct)} exceeds ${t.errorPct}%` };
  if (t.warnPct !== undefined && moved > t.warnPct) return { delta, deltaPct, status: 'warn', reason: `${describe(deltaPct)} exceeds ${t.warnPct}%` };
  return { delta, deltaPct, status: 'pass', reason: `${describe(deltaPct)} within thresholds` };
}

function pct(delta: number, baseline: number): number | null {
  if (baseline === 0) return null;
  return Math.round((delta / Math.abs(baseline)) * 100 * 100) / 100;
}

function describe(deltaPct: number): string {
  return `${deltaPct > 0 ? '+' : ''}${deltaPct}%`;
}

/** Worst status first: the status of a test made of several points. */
export function worstStatus(statuses: TestStatus[]): TestStatus {
  const order: TestStatus[] = ['error', 'fail', 'warn', 'pass', 'skipped'];
  for (const s of order) if (statuses.includes(s)) return s;
  return 'skipped';
}
