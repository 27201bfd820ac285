import type { AdapterType } from '../dbt/adapter-type.js';

/**
 * The metrics an anomaly test measures per bucket, as SQL aggregates over one column (`c`, already
 * quoted). Elementary's `column_anomalies` names; `row_count` is volume_anomalies' metric.
 */
type CountIf = (condition: string) => string;

const columnMetrics: Record<string, (c: string, countIf: CountIf) => string> = {
  null_count: (c) => `count(*) - count(${c})`,
  null_percent: (c) => `100.0 * (count(*) - count(${c})) / nullif(count(*), 0)`,
  not_null_percent: (c) => `100.0 * count(${c}) / nullif(count(*), 0)`,
  zero_count: (c, countIf) => countIf(`${c} = 0`),
  zero_percent: (c, countIf) => `100.0 * ${countIf(`${c} = 0`)} / nullif(count(*), 0)`,
  missing_count: (c, countIf) => countIf(`${c} IS NULL OR trim(${c}::VARCHAR) = ''`),
  missing_percent: (c, countIf) => `100.0 * ${countIf(`${c} IS NULL OR trim(${c}::VARCHAR) = ''`)} / nullif(count(*), 0)`,
  distinct_count: (c) => `count(DISTINCT ${c})`,
  distinct_percent: (c) => `100.0 * count(DISTINCT ${c}) / nullif(count(${c}), 0)`,
  average: (c) => `avg(${c})`,
  sum: (c) => `sum(${c})`,
  min: (c) => `min(${c})`,
  max: (c) => `max(${c})`,
  standard_deviation: (c) => `stddev_samp(${c})`,
  variance: (c) => `var_samp(${c})`,
  average_length: (c) => `avg(length(${c}::VARCHAR))`,
  min_length: (c) => `min(length(${c}::VARCHAR))`,
  max_length: (c) => `max(length(${c}::VARCHAR))`,
};

export const anomalyMetricNames = Object.keys(columnMetrics);

export function isAnomalyMetric(name: string): boolean {
  return Object.hasOwn(columnMetrics, name);
}

/** The aggregate of one metric; `row_count` reads no column. */
export function metricAggregate(metric: string, quotedColumn: string | null, dialect: AdapterType = 'duckdb'): string {
  if (metric === 'row_count') return 'count(*)';
  const build = columnMetrics[metric];
  if (!build || !quotedColumn) throw new Error(`no aggregate for the anomaly metric '${metric}'`);
  // PostgreSQL has no count_if: the same count, as a filtered count(*).
  if (dialect === 'postgres') return `(${build(quotedColumn, (condition) => `count(*) FILTER (WHERE ${condition})`)})::double precision`;
  return `(${build(quotedColumn, (condition) => `count_if(${condition})`)})::DOUBLE`;
}

/**
 * A bucket with no rows is a gap: its counts are 0 (a delivery that never came is the anomaly a
 * volume test exists for), while an average, a minimum or a share of nothing has no value, so that
 * bucket is neither scored nor learned from.
 */
export function valueOfEmptyBucket(metric: string): number | null {
  return metric === 'row_count' || metric.endsWith('_count') ? 0 : null;
}
