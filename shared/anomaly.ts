/**
 * The arithmetic of anomaly tests (issue 15): a value is scored against its own training points by
 * a robust z-score, (value − median) / scale, where scale is the median absolute deviation times
 * 1.4826 (so that, on normally distributed data, `sensitivity: 3` means what Elementary's three
 * standard deviations mean). Median and MAD rather than mean and standard deviation: a training
 * window that holds an earlier anomaly (a month with a third of the customers missing) keeps its
 * band, where a mean and a standard deviation would be dragged towards it and hide the next one.
 */

export type AnomalyDirection = 'both' | 'spike' | 'drop';

export interface AnomalyBand {
  expected: number;
  lower: number;
  upper: number;
  /** The robust standard deviation the band is made of; 0 only when every training value is 0. */
  scale: number;
}

/** When every training value is the same, the band is this share of it on either side, times the sensitivity. */
export const EQUAL_VALUES_SCALE = 0.01;

/**
 * The band the training values expect. MAD is 0 whenever more than half the values are equal
 * (counts that rarely move); then the mean absolute deviation stands in (times 1.2533, its normal
 * consistency factor), and when every value is equal, 1% of that value: 120 customers every month
 * expect 116.4–123.6 at sensitivity 3, so a month with 80 is flagged and one with 119 is not.
 */
export function robustBand(training: readonly number[], sensitivity: number): AnomalyBand {
  if (training.length === 0) throw new Error('a band needs at least one training value');
  const expected = median(training);
  const deviations = training.map((v) => Math.abs(v - expected));
  const mad = median(deviations);
  const meanDeviation = deviations.reduce((sum, d) => sum + d, 0) / deviations.length;
  const scale = mad > 0 ? 1.4826 * mad : meanDeviation > 0 ? 1.2533 * meanDeviation : EQUAL_VALUES_SCALE * Math.abs(expected);
  const lower = expected - sensitivity * scale;
  // A metric that was never negative (a count, a share) is not expected to go below zero.
  const floor = training.every((v) => v >= 0) ? Math.max(0, lower) : lower;
  return { expected, lower: floor, upper: expected + sensitivity * scale, scale };
}

/** The signed score of a value against a band: in robust standard deviations; ±Infinity off a band of width 0. */
export function anomalyScore(value: number, band: AnomalyBand): number {
  const distance = value - band.expected;
  if (band.scale === 0) return distance === 0 ? 0 : distance > 0 ? Infinity : -Infinity;
  return distance / band.scale;
}

/** Whether a score lies outside the sensitivity in the watched direction. */
export function isAnomalous(score: number, sensitivity: number, direction: AnomalyDirection): boolean {
  switch (direction) {
    case 'spike':
      return score > sensitivity;
    case 'drop':
      return score < -sensitivity;
    case 'both':
      return Math.abs(score) > sensitivity;
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
