import type { ChangedRowSample, DiffReport } from './diff-types.js';
import type { ProjectError, TestStage } from './project-types.js';
import type { AnomalyDirection } from './anomaly.js';
import type { VariationDirection } from './variation.js';

export type TestStatus = 'pass' | 'warn' | 'fail' | 'error' | 'skipped';

/** One row of a variation test: a period and/or group, its value and the baseline's. */
export interface VariationPoint {
  period?: string;
  group?: string;
  current: number | null;
  baseline: number | null;
  delta: number | null;
  /** In percent: -32.5 for a drop of about a third. Null when the baseline is zero or missing. */
  deltaPct: number | null;
  status: TestStatus;
}

/** One test's outcome, as the JSON report carries it (README: "Test report JSON"). */
export interface TestResult {
  id: string;
  name: string;
  kind: string;
  stage: TestStage;
  node: string;
  column: string | null;
  severity: 'error' | 'warn';
  status: TestStatus;
  /** What was measured: failing rows for row tests, the metric for variation, the row count for row_count. */
  observed: number | string | null;
  /** The condition that was applied, in words (`!= 0`, `drop > 20%`, `min 1`). */
  threshold: string;
  baseline: number | null;
  delta: number | null;
  delta_pct: number | null;
  failing_rows: number | null;
  sample: Record<string, unknown>[];
  duration_ms: number;
  message: string | null;
  /** Variation tests: every period/group compared. */
  points?: VariationPoint[];
  /** Variation tests: the thresholds as numbers (percent) and what the metric was compared with, for charts and words. */
  variation?: VariationSettings;
  /** Unit tests: what was expected and what the model returned on the given rows (every value as text). */
  unit?: UnitTestOutcome;
  /** Anomaly tests: every bucket (or run) measured, with the band its training points expect. */
  anomaly?: AnomalyOutcome;
  /** Taken from an earlier run of the same check on the same stored data (the store never changes). */
  cached?: boolean;
  /**
   * Set when the latest run did not measure this test (it ran one stage, or some tests): this is its
   * result from the earlier run that finished at `at`, on `commit`. The app's test board keeps it.
   */
  last_run?: { at: string; commit: string | null };
  location: { file: string; line?: number };
}

/**
 * A unit test's comparison: expected and actual rows as multisets over the expected columns. Rows
 * that differ are paired (the closest actual row for each missing expected one) in the branch
 * diff's shape: `base` is the expected row, `compare` the actual, `key` the first column equal in every pair.
 */
export interface UnitTestOutcome {
  columns: string[];
  expected: Record<string, string | null>[];
  actual: Record<string, string | null>[];
  mismatched: ChangedRowSample[];
  /** Expected rows with no actual row to pair with, and actual rows nobody expected. */
  missing: Record<string, string | null>[];
  unexpected: Record<string, string | null>[];
  /** Given columns the model never reads, givens for inputs it does not read. */
  warnings: string[];
  is_incremental: boolean;
  /** The model's SQL as it ran, over the fixture tables. */
  sql: string;
}

/** One bucket of an anomaly test (a month of the data, or one run in per-run mode) for one metric. */
export interface AnomalyPoint {
  /** `2024-09` for a month, `2024-09-14` for a day or a week's Monday, `2024-09-14 13:00` for an hour, the run's time per run. */
  bucket: string;
  /** `row_count`, `freshness_hours`, or a column metric such as `distinct_count`. */
  metric: string;
  value: number | null;
  /** The band its training points expect; null when it was not scored (too little history, no value, training only). */
  expected: number | null;
  lower: number | null;
  upper: number | null;
  /** Robust z-score: (value − median) / (1.4826 × MAD); see shared/anomaly.ts. */
  score: number | null;
  /** How many earlier buckets (or runs) the band was learned from. */
  training_points: number;
  /** `detection`: scored by this run; `training`: earlier history, shown for context. */
  role: 'training' | 'detection';
  status: TestStatus;
}

export interface AnomalyPeriod {
  period: 'hour' | 'day' | 'week' | 'month';
  count: number;
}

export interface AnomalySettings {
  /** `period`: a metric per time bucket of the data; `run`: the metric of each run against earlier runs. */
  mode: 'period' | 'run';
  metrics: string[];
  /** What the metrics are read from, in words: `rows`, `customer_id`. */
  subject: string;
  timestamp_column: string | null;
  time_bucket: AnomalyPeriod | null;
  training_period: AnomalyPeriod;
  detection_period: AnomalyPeriod | null;
  sensitivity: number;
  direction: AnomalyDirection;
  min_training_points: number;
  seasonality: 'day_of_week' | 'month_of_year' | null;
}

export interface AnomalyOutcome {
  settings: AnomalySettings;
  points: AnomalyPoint[];
  /** Rows whose timestamp is NULL: they fall in no bucket and are left out (per period only). */
  null_timestamps?: number;
  /** Per run: what identifies the data measured (its store file), so re-testing unchanged data adds no point. */
  data_version?: string | null;
}

export interface VariationSettings {
  compare_to: string;
  direction: VariationDirection;
  warn_pct: number | null;
  error_pct: number | null;
  min_baseline: number | null;
}

export interface TestSummaryCounts {
  pass: number;
  warn: number;
  fail: number;
  error: number;
  skipped: number;
}

export interface TestRunReport {
  /** With `assay test --base REF`: what this branch changes against REF (see diff-types.ts). */
  diff?: DiffReport;
  project: string;
  branch: string | null;
  commit: string | null;
  env: string;
  /** The warehouse the run built and tested on (absent: the branch's local DuckDB environment). */
  target?: { name: string; connection: string };
  env_fingerprint: string;
  started_at: string;
  finished_at: string;
  summary: TestSummaryCounts;
  tests: TestResult[];
  /**
   * The errors in the project's files (invalid YAML, an unknown test kind, a Jinja error, two nodes
   * with one name, a dashboard that does not load): each fails the run with exit code 2. Each also
   * appears in `tests`, as the test it broke or as a `project` result, so every report counts it.
   */
  project_errors?: ProjectError[];
}
