import type { TestDeclaration } from '../../../shared/project-types.js';
import type { AnomalyOutcome, AnomalyPeriod, AnomalySettings, TestStatus } from '../../../shared/test-types.js';
import type { EngineConnection } from '../engine/engine.js';
import { quoteIdentifier } from '../sql/sql-text.js';
import { metricAggregate, valueOfEmptyBucket } from './anomaly-metrics.js';
import { anomalyVerdict, scoreSeries, shift, type MeasuredBucket } from './anomaly-scoring.js';
import { AnomalySpecError, readAnomalySettings } from './anomaly-spec.js';
import { TestPlanError } from './plan-checks.js';
import type { RunHistory } from './run-history.js';
import type { AdapterType } from '../dbt/adapter-type.js';

export interface AnomalyContext {
  conn: EngineConnection;
  relation: string;
  columns: { name: string; type: string }[];
  history: Pick<RunHistory, 'runs'>;
  env: string;
  /** What identifies the stored rows (the node's store file); null for a view, which is measured every run. */
  dataVersion: string | null;
  /** The run's clock, for per-run mode. */
  now?: Date;
}

export interface AnomalyRun {
  outcome: AnomalyOutcome;
  status: TestStatus;
  /** Why it was skipped, or empty. */
  message: string;
}

const timeTypes = /^(DATE|TIMESTAMP|TIMESTAMP WITH TIME ZONE|TIMESTAMPTZ|TIMESTAMP_S|TIMESTAMP_MS|TIMESTAMP_NS|DATETIME)$/i;

/**
 * Runs an anomaly test: per period (a metric per time bucket of the node's own data, in one
 * `GROUP BY bucket` scan; the few bucket rows are scored here) or per run (the metric of the whole
 * node, scored against this environment's earlier runs in the run history).
 */
export async function runAnomaly(test: TestDeclaration, ctx: AnomalyContext): Promise<AnomalyRun> {
  const at = `${test.location.file}${test.location.line ? `:${test.location.line}` : ''}`;
  let settings: AnomalySettings;
  try {
    settings = readAnomalySettings(test.kind, test.args, test.column ?? stringOf(test.args.column_name));
  } catch (err) {
    if (err instanceof AnomalySpecError) throw new TestPlanError(`${at}: ${err.message}`);
    throw err;
  }
  const anomalyStatus: TestStatus = test.severity === 'warn' ? 'warn' : 'fail';
  const where = test.where ?? stringOf(test.args.where_expression);
  if (settings.mode === 'period') {
    const column = checkTimestampColumn(settings.timestamp_column as string, ctx, test, at);
    const { series, nullTimestamps } = await measurePerPeriod(ctx, settings, column, test, where);
    const last = series[series.length - 1];
    const detectionFrom = last ? shift(shift(last.start, settings.time_bucket as AnomalyPeriod, 1), settings.detection_period as AnomalyPeriod, -1) : 0;
    const points = scoreSeries(series, detectionFrom, settings, anomalyStatus);
    return { outcome: { settings, points, null_timestamps: nullTimestamps }, ...anomalyVerdict(points, settings) };
  }
  const now = ctx.now ?? new Date();
  const current = await measureWhole(ctx, settings, test, where);
  const earlier = await earlierRuns(ctx, test.id, settings, now);
  const series = [...earlier, { start: now.getTime(), label: runLabel(now), values: current }];
  const points = scoreSeries(series, now.getTime(), settings, anomalyStatus);
  return { outcome: { settings, points, data_version: ctx.dataVersion }, ...anomalyVerdict(points, settings) };
}

function checkTimestampColumn(name: string, ctx: AnomalyContext, test: TestDeclaration, at: string): string {
  const column = ctx.columns.find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!column) throw new TestPlanError(`${at}: timestamp_column '${name}' does not exist in ${test.node} (it has ${ctx.columns.map((c) => c.name).join(', ')})`);
  if (!timeTypes.test(column.type)) throw new TestPlanError(`${at}: timestamp_column '${column.name}' of ${test.node} is ${column.type}, not a date or a timestamp`);
  return column.name;
}

function aggregatesOf(settings: AnomalySettings, dialect: AdapterType = 'duckdb'): string[] {
  const column = settings.metrics.some((m) => m !== 'row_count') ? quoteIdentifier(settings.subject) : null;
  return settings.metrics.map((metric, i) => `${metricAggregate(metric, column, dialect)} AS m${i}`);
}

/**
 * The start of a timestamp's bucket. DuckDB's time_bucket aligns days and weeks on Monday
 * 2000-01-03 and months on their first day; PostgreSQL's date_bin does the same for hours, days
 * and weeks and has no months, where date_trunc serves buckets of one month.
 */
function timeBucket(width: string, bucket: AnomalyPeriod, ts: string, dialect: AdapterType): string {
  if (dialect === 'duckdb') return `time_bucket(${width}, ${ts})`;
  if (bucket.period === 'month') {
    if (bucket.count !== 1) throw new TestPlanError(`time buckets of ${bucket.count} months are not measured on PostgreSQL targets yet (one month is)`);
    return `date_trunc('month', ${ts})`;
  }
  return `date_bin(${width}, ${ts}, TIMESTAMP '2000-01-03')`;
}

function epochMs(timestamp: string, dialect: AdapterType): string {
  return dialect === 'postgres' ? `(extract(epoch from ${timestamp}) * 1000)` : `epoch_ms(${timestamp})`;
}

async function measurePerPeriod(ctx: AnomalyContext, settings: AnomalySettings, column: string, test: TestDeclaration, where: string | undefined) {
  const bucket = settings.time_bucket as AnomalyPeriod;
  const dialect = ctx.conn.dialect ?? 'duckdb';
  const width = `INTERVAL '${bucket.period === 'week' ? `${7 * bucket.count} days` : `${bucket.count} ${bucket.period}s`}'`;
  const ts = `${quoteIdentifier(column)}::TIMESTAMP`;
  const bucketStart = (t: string) => epochMs(timeBucket(width, bucket, t, dialect), dialect);
  const seconds = (interval: string) => (dialect === 'postgres' ? `extract(epoch from ${interval})` : `epoch(${interval})`);
  const filter = where ? `WHERE (${where})` : '';
  // Freshness is the longest wait between two consecutive timestamps, counted in the bucket where data resumed.
  const sql = settings.metrics[0] === 'freshness_hours'
    ? `WITH arrivals AS (SELECT DISTINCT ${ts} AS ts FROM ${ctx.relation} ${filter}),
       waits AS (SELECT ts, ${seconds('ts - lag(ts) OVER (ORDER BY ts)')} / 3600 AS wait FROM arrivals WHERE ts IS NOT NULL)
       SELECT ${bucketStart('ts')} AS start, max(wait) AS m0, count(*) AS n FROM waits GROUP BY 1
       UNION ALL SELECT NULL, NULL, count(*) - count(${quoteIdentifier(column)}) FROM ${ctx.relation} ${filter}`
    : `SELECT ${bucketStart(ts)} AS start, ${aggregatesOf(settings, dialect).join(', ')}, count(*) AS n FROM ${ctx.relation} ${filter} GROUP BY 1`;
  const rows = await query(ctx.conn, sql, test);
  let nullTimestamps = 0;
  const measured = new Map<number, Record<string, number | null>>();
  for (const row of rows) {
    if (row.start === null) {
      nullTimestamps += Number(row.n ?? 0);
      continue;
    }
    measured.set(Number(row.start), Object.fromEntries(settings.metrics.map((m, i) => [m, numberOrNull(row[`m${i}`])])));
  }
  const starts = [...measured.keys()].sort((a, b) => a - b);
  const series: MeasuredBucket[] = [];
  const first = starts[0];
  const last = starts[starts.length - 1];
  if (first !== undefined && last !== undefined) {
    // Every bucket from the first to the last, gaps included: a month without rows is a point too.
    for (let start = first; start <= last; start = shift(start, bucket, 1)) {
      const values = measured.get(start) ?? Object.fromEntries(settings.metrics.map((m) => [m, valueOfEmptyBucket(m)]));
      series.push({ start, label: bucketLabel(start, bucket.period), values });
    }
  }
  return { series, nullTimestamps };
}

async function measureWhole(ctx: AnomalyContext, settings: AnomalySettings, test: TestDeclaration, where: string | undefined): Promise<Record<string, number | null>> {
  const rows = await query(ctx.conn, `SELECT ${aggregatesOf(settings, ctx.conn.dialect).join(', ')} FROM ${ctx.relation} ${where ? `WHERE (${where})` : ''}`, test);
  const row = rows[0] ?? {};
  return Object.fromEntries(settings.metrics.map((m, i) => [m, numberOrNull(row[`m${i}`])]));
}

/**
 * This environment's earlier runs of the test within the training period, one per version of the
 * data: testing unchanged data again (after every save, in the app) adds no point, and the data
 * measured now is never its own history.
 */
async function earlierRuns(ctx: AnomalyContext, testId: string, settings: AnomalySettings, now: Date): Promise<MeasuredBucket[]> {
  const from = shift(now.getTime(), settings.training_period, -1);
  const byVersion = new Map<string, MeasuredBucket>();
  for (const run of await ctx.history.runs(ctx.env)) {
    const entry = run.tests.find((t) => t.id === testId)?.anomaly;
    const start = Date.parse(run.at);
    if (!entry || !(start >= from && start < now.getTime())) continue;
    if (ctx.dataVersion !== null && entry.data_version === ctx.dataVersion) continue;
    byVersion.set(entry.data_version ?? run.at, { start, label: runLabel(new Date(start)), values: entry.values });
  }
  return [...byVersion.values()].sort((a, b) => a.start - b.start);
}

async function query(conn: EngineConnection, sql: string, test: TestDeclaration): Promise<Record<string, unknown>[]> {
  const result = await conn.query(sql);
  if (!result.ok) throw new TestPlanError(`${test.kind} on ${test.node}: ${result.error}`);
  return result.rows;
}

function bucketLabel(start: number, period: AnomalyPeriod['period']): string {
  const iso = new Date(start).toISOString();
  switch (period) {
    case 'month':
      return iso.slice(0, 7);
    case 'hour':
      return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
    default:
      return iso.slice(0, 10);
  }
}

function runLabel(at: Date): string {
  const iso = at.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

function numberOrNull(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
