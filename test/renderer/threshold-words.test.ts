import { describe, expect, it } from 'vitest';
import type { TestResult, VariationSettings } from '../../shared/test-types.js';
import { observedLimits } from '../../renderer/tests/observed-limits.js';
import { thresholdInWords } from '../../renderer/tests/threshold-words.js';
import { variationRules } from '../../renderer/tests/variation-chart-spec.js';

type Described = Pick<TestResult, 'kind' | 'threshold' | 'severity' | 'column' | 'variation'>;
const test = (kind: string, threshold: string, more: Partial<Described> = {}): Described => ({ kind, threshold, severity: 'error', column: 'customer_id', ...more });
const drop: VariationSettings = { compare_to: 'previous_period', direction: 'drop', warn_pct: 10, error_pct: 20, min_baseline: 10 };
const colours = { pass: 'green', warn: 'orange', fail: 'red', error: 'darkred', skipped: 'grey' };

describe('a threshold in words', () => {
  it('reads a row test condition as the rows it fails on', () => {
    expect(thresholdInWords(test('not_null', '!= 0'))).toBe('Fails if there is any row where customer_id is null');
    expect(thresholdInWords(test('unique', '> 10', { severity: 'warn' }))).toBe('Warns if there are more than 10 rows with a repeated customer_id');
    expect(thresholdInWords(test('my_package_test', '>= 1'))).toBe('Fails if there is any row failing the check');
    expect(thresholdInWords(test('my_package_test', '>= 5'))).toBe('Fails if there are 5 rows or more failing the check');
  });

  it('reads row_count bounds, freshness, schema and variation thresholds', () => {
    expect(thresholdInWords(test('row_count', 'min 1'))).toBe('Fails unless the node has at least 1 row');
    expect(thresholdInWords(test('row_count', 'min 1, max 5000'))).toBe('Fails unless the node has between 1 and 5,000 rows');
    expect(thresholdInWords(test('freshness', 'newer than 35 days'))).toBe('Fails unless the newest timestamp is newer than 35 days');
    expect(thresholdInWords(test('schema', '3 expected columns'))).toBe('Fails unless the 3 declared columns exist with their types');
    expect(thresholdInWords(test('variation', 'error if drop > 20%', { variation: drop }))).toBe(
      'Fails if a value drops by more than 20 % against the period before; warns past 10 %. Baselines under 10 are not judged',
    );
    expect(thresholdInWords(test('variation', '', { variation: { ...drop, direction: 'both', warn_pct: null, min_baseline: null, compare_to: 'baseline_branch' } }))).toBe(
      'Fails if a value moves up or down by more than 20 % against the baseline branch',
    );
  });

  it('keeps a threshold it cannot read as written, and says nothing for none', () => {
    expect(thresholdInWords(test('custom', 'whatever the macro says'))).toBe('whatever the macro says');
    expect(thresholdInWords(test('build', ''))).toBe('');
  });
});

describe('thresholds as lines on a chart', () => {
  it('puts a row test limit and row_count bounds on the observed scale, and none for a variation', () => {
    expect(observedLimits(test('not_null', '!= 0'))).toEqual([{ value: 0, label: 'fails above 0' }]);
    expect(observedLimits(test('row_count', 'min 1, max 50', { severity: 'warn' }))).toEqual([
      { value: 1, label: 'warns below 1' },
      { value: 50, label: 'warns above 50' },
    ]);
    expect(observedLimits(test('variation', 'error if drop > 20%', { variation: drop }))).toEqual([]);
  });

  it('signs variation thresholds by the direction they watch, labels apart', () => {
    expect(variationRules(drop, colours)).toEqual([
      { value: -20, label: 'fails past −20 %', colour: 'red', labelSide: 'below' },
      { value: -10, label: 'warns past −10 %', colour: 'orange', labelSide: 'above' },
    ]);
    expect(variationRules({ ...drop, direction: 'both', warn_pct: null }, colours).map((rule) => [rule.value, rule.labelSide])).toEqual([[-20, 'below'], [20, 'above']]);
  });
});
