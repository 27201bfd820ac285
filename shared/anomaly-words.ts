import type { AnomalyOutcome, AnomalyPoint } from './test-types.js';

/** How a metric reads in words: `rows`, `distinct customer_id`, `null_percent of email`. */
export function metricWords(metric: string, subject: string): string {
  switch (metric) {
    case 'row_count':
      return 'rows';
    case 'freshness_hours':
      return `hours without new ${subject}`;
    case 'distinct_count':
      return `distinct ${subject}`;
    default:
      return `${metric} of ${subject}`;
  }
}

/** `2024-09: 80 distinct customer_id, expected 116.4–123.6` (the band is left out when the point was not scored). */
export function anomalyPointWords(point: AnomalyPoint, subject: string): string {
  const value = point.value === null ? 'no value' : `${formatAnomalyNumber(point.value)} ${metricWords(point.metric, subject)}`;
  if (point.lower === null || point.upper === null) return `${point.bucket}: ${value}`;
  return `${point.bucket}: ${value}, expected ${formatAnomalyNumber(point.lower)}–${formatAnomalyNumber(point.upper)}`;
}

/** The points that make the verdict: the flagged ones, else the latest scored one. */
export function headlinePoints(outcome: AnomalyOutcome): AnomalyPoint[] {
  const detection = outcome.points.filter((p) => p.role === 'detection' && p.expected !== null);
  const flagged = detection.filter((p) => p.status !== 'pass' && p.status !== 'skipped');
  if (flagged.length) return flagged;
  const latest = detection[detection.length - 1];
  return latest ? [latest] : [];
}

/** The settings in words, for the threshold column: `robust z-score beyond 3 (both ways) over 14 month(s), ≥ 7 points`. */
export function anomalyRuleWords(outcome: AnomalyOutcome): string {
  const s = outcome.settings;
  const way = s.direction === 'both' ? 'either way' : s.direction === 'drop' ? 'drops only' : 'spikes only';
  const window = s.mode === 'run' ? `earlier runs within ${periodWords(s.training_period)}` : `the previous ${periodWords(s.training_period)}`;
  const season = s.seasonality ? `, same ${s.seasonality === 'day_of_week' ? 'weekday' : 'month of year'}` : '';
  return `outside median ± ${s.sensitivity} robust SD (${way}) of ${window}${season}; needs ${s.min_training_points} points`;
}

function periodWords(period: { period: string; count: number }): string {
  return period.count === 1 ? period.period : `${period.count} ${period.period}s`;
}

/** Whole numbers as they are, others with at most three significant decimals: 590, 116.4, 0.0123. */
export function formatAnomalyNumber(n: number): string {
  if (Number.isInteger(n)) return n.toLocaleString('en-US');
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 1 : abs >= 1 ? 2 : 4;
  return Number(n.toFixed(digits)).toLocaleString('en-US', { maximumFractionDigits: digits });
}
