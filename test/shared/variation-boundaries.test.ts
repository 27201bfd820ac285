import { describe, expect, it } from 'vitest';
import { compareVariation } from '../../shared/variation.js';

/** README: a variation warns or fails when the change *exceeds* the percentage; exactly at it, it does not. */
describe('variation thresholds at their boundary', () => {
  const thresholds = { warnPct: 10, errorPct: 20, direction: 'both' as const };

  it('a drop of exactly error_pct warns, and one a hair more fails', () => {
    expect(compareVariation(80, 100, thresholds)).toMatchObject({ deltaPct: -20, status: 'warn' });
    expect(compareVariation(79.99, 100, thresholds)).toMatchObject({ status: 'fail' });
  });

  it('a rise of exactly error_pct warns, and one a hair more fails', () => {
    expect(compareVariation(120, 100, thresholds)).toMatchObject({ deltaPct: 20, status: 'warn' });
    expect(compareVariation(120.01, 100, thresholds)).toMatchObject({ status: 'fail' });
  });

  it('a change of exactly warn_pct passes, and one a hair more warns', () => {
    expect(compareVariation(90, 100, thresholds)).toMatchObject({ deltaPct: -10, status: 'pass' });
    expect(compareVariation(89.99, 100, thresholds)).toMatchObject({ status: 'warn' });
  });

  it('min_baseline: a baseline equal to it is judged, one below it is not', () => {
    expect(compareVariation(5, 10, { ...thresholds, minBaseline: 10 })).toMatchObject({ status: 'fail' });
    expect(compareVariation(5, 9, { ...thresholds, minBaseline: 10 })).toMatchObject({ status: 'pass' });
  });
});
