import { describe, expect, it } from 'vitest';
import { anomalyScore, isAnomalous, robustBand } from '../../shared/anomaly.js';

describe('robust anomaly band', () => {
  it('is the median ± sensitivity × 1.4826 × MAD', () => {
    const band = robustBand([10, 12, 11, 13, 9], 3);
    // median 11, deviations 1 1 0 2 2 → MAD 1
    expect(band).toMatchObject({ expected: 11, scale: 1.4826 });
    expect(band.lower).toBeCloseTo(11 - 3 * 1.4826, 9);
    expect(band.upper).toBeCloseTo(11 + 3 * 1.4826, 9);
  });

  it('falls back to the mean absolute deviation when most values are equal (MAD 0)', () => {
    const band = robustBand([100, 100, 100, 100, 60], 3);
    expect(band.scale).toBeCloseTo(1.2533 * 8, 9);
  });

  it('gives equal values a band of 1% of them per unit of sensitivity, and never divides by zero', () => {
    const band = robustBand([120, 120, 120], 3);
    expect(band.scale).toBeCloseTo(1.2, 9);
    expect(anomalyScore(80, band)).toBeCloseTo(-40 / 1.2, 9);
    expect(isAnomalous(anomalyScore(119, band), 3, 'both')).toBe(false);
  });

  it('scores any move off an all-zero history as infinitely far, and zero as zero', () => {
    const band = robustBand([0, 0, 0], 3);
    expect(band).toEqual({ expected: 0, lower: 0, upper: 0, scale: 0 });
    expect(anomalyScore(0, band)).toBe(0);
    expect(anomalyScore(2, band)).toBe(Infinity);
    expect(isAnomalous(anomalyScore(2, band), 3, 'drop')).toBe(false);
    expect(isAnomalous(anomalyScore(2, band), 3, 'spike')).toBe(true);
  });

  it('does not expect a never-negative metric to go below zero', () => {
    expect(robustBand([1, 5, 9], 3).lower).toBe(0);
    expect(robustBand([-1, 5, 9], 3).lower).toBeLessThan(0);
  });
});
