import type { TestResult } from '../../shared/test-types.js';
import { rowCondition, rowCountBounds } from './threshold-words.js';

/** A threshold as a line on the scale of the observed value: where the history chart draws its rule. */
export interface ObservedLimit {
  value: number;
  label: string;
}

/**
 * The limits a test's observed value is held to: a row test's allowed failing rows (`!= 0`: none
 * above 0), row_count's min and max. A variation test has none on this scale: its threshold is on
 * the change between periods, drawn on the per-period chart.
 */
export function observedLimits(test: Pick<TestResult, 'kind' | 'threshold' | 'severity' | 'variation'>): ObservedLimit[] {
  if (test.variation) return [];
  const verb = test.severity === 'warn' ? 'warns' : 'fails';
  const threshold = test.threshold.trim();
  const condition = rowCondition.exec(threshold);
  if (condition) {
    const [, operator, limit] = condition;
    const value = Number(limit);
    const above = (operator === '!=' || operator === '<>') && value === 0;
    return [{ value, label: above ? `${verb} above 0` : `${verb} if ${operator} ${limit}` }];
  }
  const bounds = test.kind === 'row_count' ? rowCountBounds.exec(threshold) : null;
  if (!bounds) return [];
  const [, min, max] = bounds;
  return [
    ...(min !== undefined ? [{ value: Number(min), label: `${verb} below ${min}` }] : []),
    ...(max !== undefined ? [{ value: Number(max), label: `${verb} above ${max}` }] : []),
  ];
}
