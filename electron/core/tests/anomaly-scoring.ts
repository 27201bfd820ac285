import { anomalyScore, isAnomalous, robustBand } from '../../../shared/anomaly.js';
import type { AnomalyPeriod, AnomalyPoint, AnomalySettings, TestStatus } from '../../../shared/test-types.js';

/** One bucket of the data (or one run): when it starts (UTC ms), its label and each metric's value. */
export interface MeasuredBucket {
  start: number;
  label: string;
  values: Record<string, number | null>;
}

/**
 * Scores the detection buckets of a series, oldest first. Each is compared with the buckets before
 * it inside the training period (of the same weekday or month with seasonality, the window then
 * being as many weeks or years, so that it still holds as many comparable buckets); a bucket with
 * fewer than min_training_points learnable values is `skipped`, never failed. Earlier buckets of the
 * first detection bucket's training window come along as `training` points, for the chart.
 */
export function scoreSeries(series: MeasuredBucket[], detectionFrom: number, settings: AnomalySettings, anomalyStatus: TestStatus): AnomalyPoint[] {
  const detected = series.filter((b) => b.start >= detectionFrom);
  const firstDetected = detected[0];
  const points: AnomalyPoint[] = [];
  for (const metric of settings.metrics) {
    if (firstDetected) {
      const context = trainingOf(series, firstDetected, settings, { sameSeason: false });
      for (const bucket of context) points.push(unscored(bucket, metric, 'training'));
    }
    for (const bucket of detected) {
      const training = trainingOf(series, bucket, settings, { sameSeason: true }).map((b) => b.values[metric]).filter((v): v is number => typeof v === 'number');
      points.push(scorePoint(bucket, metric, training, settings, anomalyStatus));
    }
  }
  return points;
}

function scorePoint(bucket: MeasuredBucket, metric: string, training: number[], settings: AnomalySettings, anomalyStatus: TestStatus): AnomalyPoint {
  const value = bucket.values[metric] ?? null;
  if (value === null || training.length < settings.min_training_points) return { ...unscored(bucket, metric, 'detection'), training_points: training.length, status: 'skipped' };
  const band = robustBand(training, settings.sensitivity);
  const score = anomalyScore(value, band);
  const status = isAnomalous(score, settings.sensitivity, settings.direction) ? anomalyStatus : 'pass';
  return { bucket: bucket.label, metric, value, expected: band.expected, lower: band.lower, upper: band.upper, score: Number.isFinite(score) ? score : null, training_points: training.length, role: 'detection', status };
}

function unscored(bucket: MeasuredBucket, metric: string, role: AnomalyPoint['role']): AnomalyPoint {
  return { bucket: bucket.label, metric, value: bucket.values[metric] ?? null, expected: null, lower: null, upper: null, score: null, training_points: 0, role, status: 'pass' };
}

function trainingOf(series: MeasuredBucket[], bucket: MeasuredBucket, settings: AnomalySettings, options: { sameSeason: boolean }): MeasuredBucket[] {
  const seasons = settings.seasonality === 'day_of_week' ? 7 : settings.seasonality === 'month_of_year' ? 12 : 1;
  const window = { ...settings.training_period, count: settings.training_period.count * seasons };
  const from = shift(bucket.start, window, -1);
  const season = seasonOf(settings.seasonality);
  return series.filter((b) => b.start < bucket.start && b.start >= from && (!options.sameSeason || season(b.start) === season(bucket.start)));
}

function seasonOf(seasonality: AnomalySettings['seasonality']): (start: number) => number {
  if (seasonality === 'day_of_week') return (start) => new Date(start).getUTCDay();
  if (seasonality === 'month_of_year') return (start) => new Date(start).getUTCMonth();
  return () => 0;
}

/** `start` moved by `sign` × a period, in UTC (months by the calendar). */
export function shift(start: number, period: AnomalyPeriod, sign: 1 | -1): number {
  const d = new Date(start);
  switch (period.period) {
    case 'month':
      return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + sign * period.count, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
    case 'week':
      return start + sign * period.count * 7 * 86_400_000;
    case 'day':
      return start + sign * period.count * 86_400_000;
    case 'hour':
      return start + sign * period.count * 3_600_000;
  }
}

/** The test's status from its detection points: the worst scored one, or skipped with the reason when none could be scored. */
export function anomalyVerdict(points: AnomalyPoint[], settings: AnomalySettings): { status: TestStatus; message: string } {
  const detection = points.filter((p) => p.role === 'detection');
  const scored = detection.filter((p) => p.expected !== null);
  if (scored.length === 0) {
    const most = Math.max(0, ...detection.map((p) => p.training_points));
    const what = settings.mode === 'run' ? 'earlier runs' : 'earlier buckets';
    if (detection.length === 0) return { status: 'skipped', message: `skipped: nothing to score (no ${settings.mode === 'run' ? 'value' : 'bucket'} in the detection period)` };
    return { status: 'skipped', message: `skipped: too little history: ${most} training point${most === 1 ? '' : 's'} (${what} with a value in the training period), needs ${settings.min_training_points}` };
  }
  const flagged = scored.filter((p) => p.status !== 'pass');
  const status = flagged[0]?.status ?? 'pass';
  return { status, message: '' };
}
