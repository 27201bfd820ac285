import type { AnomalyDirection } from '../../../shared/anomaly.js';
import type { AnomalyPeriod, AnomalySettings } from '../../../shared/test-types.js';
import { anomalyMetricNames, isAnomalyMetric } from './anomaly-metrics.js';

/** Elementary's anomaly tests (issue 15), declared with or without the `elementary.` prefix. */
export const anomalyKinds = new Set(['volume_anomalies', 'freshness_anomalies', 'column_anomalies']);

/** `elementary.volume_anomalies` is Assay's `volume_anomalies`; any other kind is left as written. */
export function normaliseAnomalyKind(kind: string): string {
  const bare = kind.startsWith('elementary.') ? kind.slice('elementary.'.length) : kind;
  return anomalyKinds.has(bare) ? bare : kind;
}

export class AnomalySpecError extends Error {}

const periods = new Set(['hour', 'day', 'week', 'month']);
const seasonalities = new Set(['day_of_week', 'month_of_year']);
const directions = new Set(['both', 'spike', 'drop']);
/** What the arguments may hold besides the anomaly parameters: dbt's own keys for any test. */
const dbtKeys = ['name', 'column_name', 'tags', 'enabled', 'description', 'alias', 'database', 'schema', 'limit', 'store_failures', 'store_failures_as'];
/** Elementary's name first, then the short name the issue uses. */
const aliases = {
  sensitivity: ['anomaly_sensitivity', 'sensitivity'],
  direction: ['anomaly_direction', 'direction'],
  minTraining: ['min_training_set_size', 'min_training_points'],
} as const;
const known = new Set([
  ...dbtKeys, ...Object.values(aliases).flat(),
  'timestamp_column', 'time_bucket', 'training_period', 'detection_period', 'seasonality', 'column_anomalies', 'where_expression',
]);

/** Elementary's defaults: 3, both ways, at least 7 training points, 14 training and 2 detection buckets. */
const defaults = { sensitivity: 3, direction: 'both' as AnomalyDirection, minTraining: 7, trainingBuckets: 14, detectionBuckets: 2 };

/**
 * Reads an anomaly test's arguments into its settings, or throws an AnomalySpecError naming the
 * argument. Called when the project loads (so a mistake names the file and line) and again when the
 * test runs. An argument Assay does not know is an error, never silently ignored.
 */
export function readAnomalySettings(kind: string, args: Record<string, unknown>, column: string | undefined): AnomalySettings {
  const unknown = Object.keys(args).filter((key) => !known.has(key));
  if (unknown.length) throw new AnomalySpecError(`${kind}: unknown argument${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')} (Assay reads ${[...known].filter((k) => !dbtKeys.includes(k)).join(', ')})`);
  const timestampColumn = optionalText(kind, args, 'timestamp_column');
  const timeBucket = readPeriod(kind, args, 'time_bucket');
  const bucket = timeBucket ?? { period: 'day', count: 1 };
  if (timeBucket && !timestampColumn) throw new AnomalySpecError(`${kind}: time_bucket needs timestamp_column (without one, the test compares runs)`);
  if (kind === 'freshness_anomalies' && !timestampColumn) throw new AnomalySpecError('freshness_anomalies needs timestamp_column: the column whose newest value says when data arrived');
  const seasonality = optionalText(kind, args, 'seasonality') ?? null;
  if (seasonality !== null && !seasonalities.has(seasonality)) throw new AnomalySpecError(`${kind}: seasonality must be day_of_week or month_of_year, not '${seasonality}'`);
  if (seasonality === 'day_of_week' && bucket.period !== 'day') throw new AnomalySpecError(`${kind}: seasonality day_of_week needs day buckets (time_bucket: {period: day}), not ${bucket.period}`);
  if (seasonality === 'month_of_year' && bucket.period !== 'month') throw new AnomalySpecError(`${kind}: seasonality month_of_year needs month buckets (time_bucket: {period: month}), not ${bucket.period}`);
  if (seasonality !== null && !timestampColumn) throw new AnomalySpecError(`${kind}: seasonality needs timestamp_column`);
  const sensitivity = readNumber(kind, args, aliases.sensitivity) ?? defaults.sensitivity;
  if (!(sensitivity > 0)) throw new AnomalySpecError(`${kind}: sensitivity must be a positive number, not '${String(firstOf(args, aliases.sensitivity))}'`);
  const minTraining = readNumber(kind, args, aliases.minTraining) ?? defaults.minTraining;
  if (!Number.isInteger(minTraining) || minTraining < 1) throw new AnomalySpecError(`${kind}: min_training_points must be a whole number of at least 1, not '${String(firstOf(args, aliases.minTraining))}'`);
  const direction = String(firstOf(args, aliases.direction) ?? defaults.direction);
  if (!directions.has(direction)) throw new AnomalySpecError(`${kind}: direction must be both, spike or drop, not '${direction}'`);
  return {
    mode: timestampColumn ? 'period' : 'run',
    metrics: readMetrics(kind, args, column),
    subject: kind === 'column_anomalies' ? (column as string) : kind === 'freshness_anomalies' ? (timestampColumn as string) : 'rows',
    timestamp_column: timestampColumn ?? null,
    time_bucket: timestampColumn ? bucket : null,
    // In time units, as Elementary writes them; by default as many buckets as Elementary's 14 and 2 days.
    training_period: readPeriod(kind, args, 'training_period') ?? (timestampColumn ? scaled(bucket, defaults.trainingBuckets) : { period: 'day', count: 14 }),
    detection_period: timestampColumn ? (readPeriod(kind, args, 'detection_period') ?? scaled(bucket, defaults.detectionBuckets)) : null,
    sensitivity,
    direction: direction as AnomalyDirection,
    min_training_points: minTraining,
    seasonality: seasonality as AnomalySettings['seasonality'],
  };
}

function readMetrics(kind: string, args: Record<string, unknown>, column: string | undefined): string[] {
  switch (kind) {
    case 'volume_anomalies':
      return ['row_count'];
    case 'freshness_anomalies':
      return ['freshness_hours'];
    case 'column_anomalies': {
      if (!column) throw new AnomalySpecError('column_anomalies needs a column: declare it under a column, or give column_name');
      const raw = args.column_anomalies ?? ['null_count', 'null_percent'];
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || list.length === 0) throw new AnomalySpecError('column_anomalies: column_anomalies must list metrics, e.g. [null_count, distinct_count]');
      const unknown = list.map(String).filter((m) => !isAnomalyMetric(m));
      if (unknown.length) throw new AnomalySpecError(`column_anomalies: unknown metric${unknown.length > 1 ? 's' : ''} ${unknown.map((m) => `'${m}'`).join(', ')} (one of ${anomalyMetricNames.join(', ')})`);
      return [...new Set(list.map(String))];
    }
    default:
      throw new AnomalySpecError(`'${kind}' is not an anomaly test`);
  }
}

function readPeriod(kind: string, args: Record<string, unknown>, name: string): AnomalyPeriod | undefined {
  const raw = args[name];
  if (raw === undefined || raw === null) return undefined;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new AnomalySpecError(`${kind}: ${name} must be a mapping such as {period: month, count: 1}`);
  const { period, count = 1, ...rest } = raw as Record<string, unknown>;
  if (Object.keys(rest).length) throw new AnomalySpecError(`${kind}: ${name} takes period and count, not ${Object.keys(rest).join(', ')}`);
  if (!periods.has(String(period))) throw new AnomalySpecError(`${kind}: ${name}.period must be hour, day, week or month, not '${String(period)}'`);
  const n = Number(count);
  if (!Number.isInteger(n) || n < 1) throw new AnomalySpecError(`${kind}: ${name}.count must be a whole number of at least 1, not '${String(count)}'`);
  return { period: period as AnomalyPeriod['period'], count: n };
}

function scaled(bucket: AnomalyPeriod, times: number): AnomalyPeriod {
  return { period: bucket.period, count: bucket.count * times };
}

function readNumber(kind: string, args: Record<string, unknown>, names: readonly string[]): number | undefined {
  const value = firstOf(args, names);
  if (value === undefined || value === null) return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) throw new AnomalySpecError(`${kind}: ${names[names.length - 1]} must be a number, not '${String(value)}'`);
  return n;
}

function firstOf(args: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (args[name] !== undefined) return args[name];
  return undefined;
}

function optionalText(kind: string, args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.trim() === '') throw new AnomalySpecError(`${kind}: ${name} must be a name, not '${String(value)}'`);
  return value.trim();
}
