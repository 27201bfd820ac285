/**
 * The metrics an anomaly test measures per bucket, as SQL aggregates over one column (`c`, already
 * quoted). Elementary's `column_anomalies` names; `row_count` is volume_anomalies' metric.
 */
const columnMetrics: Record<string, (c: string) => string> = {
  null_count: (c) => `count(*) - count(${c})`,
  null_percent: (c) => `100.0 * (count(*) - count(${c})) / nullif(count(*), 0)`,
  not_null_percent: (c) => `100.0 * count(${c}) / nullif(count(*), 0)`,
  zero_count: (c) => `count_if(${c} = 0)`,
  zero_percent: (c) => `100.0 * count_if(${c} = 0) / nullif(count(*), 0)`,
  missing_count: (c) => `count_if(${c} IS NULL OR trim(${c}::VARCHAR) = '')`,
  missing_percent: (c) => `100.0 * count_if(${c} IS NULL OR trim(${c}::VARCHAR) = '') / nullif(count(*), 0)`,
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
export function metricAggregate(metric: string, quotedColumn: string | null): string {
  if (metric === 'row_count') return 'count(*)';
  const build = columnMetrics[metric];
  if (!build || !quotedColumn) throw new Error(`no aggregate for the anomaly metric '${metric}'`);
  return `(${build(quotedColumn)})::DOUBLE`;
}

/**
 * A bucket with no rows is a gap: its counts are 0 (a delivery that never came is the anomaly a
 * volume test exists for), while an average, a minimum or a share of nothing has no value, so that
 * bucket is neither scored nor learned from.
 */
export function valueOfEmptyBucket(metric: string): number | null {
  return metric === 'row_count' || metric.endsWith('_count') ? 0 : null;
}
