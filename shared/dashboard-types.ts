/**
 * Dashboards as both processes see them (DESIGN.md, extension 3): a definition read from
 * `dashboards/*.yml`, its preview on one environment, the comparison of two, and what publishing
 * wrote. Pure types.
 */
import type { ProjectError, SourceLocation } from './project-types.js';
import type { ReleaseVerdict, Signoff } from './release-types.js';
import type { TestStatus } from './test-types.js';

export type DateRange = { start: string; end: string };
/** A parameter's value: a date range, a number, or a string (select and text). */
export type ParameterValue = DateRange | number | string;
export type ParameterValues = Record<string, ParameterValue>;

interface ParameterBase {
  name: string;
  label: string;
}

export type DashboardParameter =
  | (ParameterBase & { type: 'date_range'; default: DateRange })
  | (ParameterBase & { type: 'select'; default: string; options: string[] })
  | (ParameterBase & { type: 'number'; default: number; min?: number; max?: number; step?: number })
  | (ParameterBase & { type: 'text'; default: string });

export type DashboardParameterType = DashboardParameter['type'];

export interface DashboardElementSummary {
  name: string;
  title: string;
  /** Grid columns the tile spans. */
  span: number;
  location: SourceLocation;
}

/** A dashboard as listed: enough for the list screen and the lineage (it reads `dependsOn`). */
export interface DashboardSummary {
  /** The file's name without `.yml`: `launch` for `dashboards/launch.yml`. */
  name: string;
  /** Lineage id: `dashboard:<name>`. */
  id: string;
  title: string;
  description: string;
  location: SourceLocation;
  columns: number;
  elements: DashboardElementSummary[];
  /** Node ids its queries read through `ref()` / `source()`. */
  dependsOn: string[];
  /** Problems in this file; a dashboard with errors is listed but cannot be previewed. */
  errors: ProjectError[];
}

export interface DashboardList {
  dashboards: DashboardSummary[];
  /** Every problem in every dashboard file. */
  errors: ProjectError[];
}

export interface ResultColumn {
  name: string;
  type: string;
}

export type ResultValue = null | boolean | number | string;

/** An output-stage test declared under an element, run on the element's whole result. */
export interface ElementTestResult {
  id: string;
  kind: string;
  severity: 'error' | 'warn';
  status: TestStatus;
  observed: number | string | null;
  threshold: string;
  failing_rows: number | null;
  message: string | null;
}

/** One tile on one environment: its chart spec (without data), the rows that feed it, or its error. */
export interface ElementResult {
  name: string;
  title: string;
  span: number;
  /** The Vega-Lite spec as written, without `data`. */
  spec: Record<string, unknown>;
  columns: ResultColumn[];
  rows: Record<string, ResultValue>[];
  /** Rows the query returned before the cap (a lower bound when truncated: cap + 1). */
  truncated: boolean;
  warning: string | null;
  error: string | null;
  tests: ElementTestResult[];
  ms: number;
  /** Answered from an earlier run: nothing it reads, nor the element, nor its parameters changed since. */
  cached?: boolean;
}

/**
 * A dashboard's parameter as the preview resolved it: its options (for a select) and the value used,
 * with a warning when that value is not one of the select's options (the elements that filter on it
 * then find no rows).
 */
export type ResolvedParameter = DashboardParameter & { value: ParameterValue; warning?: string };

export interface EnvironmentRef {
  env: string;
  branch: string | null;
  commit: string | null;
}

export interface DashboardPreview {
  name: string;
  title: string;
  description: string;
  columns: number;
  environment: EnvironmentRef;
  parameters: ResolvedParameter[];
  elements: ElementResult[];
  /** The row cap each element was held to. */
  rowCap: number;
  ms: number;
}

export type ValueChangeKind = 'added' | 'removed' | 'changed';

/** One measure of one row (matched on the non-measure fields) that differs between two environments. */
export interface ValueChange {
  key: Record<string, ResultValue>;
  measure: string;
  base: ResultValue;
  compare: ResultValue;
  /** compare − base, when both are numbers. */
  delta: number | null;
  kind: ValueChangeKind;
}

export interface ElementComparison {
  name: string;
  title: string;
  base: ElementResult;
  compare: ElementResult;
  /** Fields rows are matched on, and the measures compared. */
  keys: string[];
  measures: string[];
  changes: ValueChange[];
  /** More changes than were kept. */
  moreChanges: number;
}

export interface DashboardComparison {
  name: string;
  title: string;
  columns: number;
  base: EnvironmentRef;
  compare: EnvironmentRef;
  parameters: ResolvedParameter[];
  elements: ElementComparison[];
}

/** What `manifest.json` of a published dashboard says. */
export interface PublishManifest {
  dashboard: string;
  title: string;
  commit: string | null;
  branch: string | null;
  env: string;
  /** The warehouse target the results were computed on (absent: the branch's DuckDB environment). */
  target?: string;
  published_at: string;
  report_sha256: string | null;
  report_file: string | null;
  signoff: Signoff | null;
  parameters: Record<string, ParameterValue>;
  elements: { name: string; title: string; rows: number; truncated: boolean; error: string | null; data_sha256: string; tests: { id: string; status: string }[] }[];
  /** Whether the page runs the queries again when a parameter changes, and on which exported data. */
  requery: {
    enabled: boolean; reason: string | null; tables: { relation: string; file: string; sha256: string }[];
    /** The query engine the page loads when a control is first touched, shared by the dashboards of a publish. */
    engine?: PublishedEngine;
  };
}

/** The DuckDB-Wasm copy the re-querying dashboards of a publish share, in a folder beside theirs. */
export interface PublishedEngine {
  /** Relative to a dashboard's folder: `../assay-engine`. */
  folder: string;
  /** The `@duckdb/duckdb-wasm` release. */
  duckdb_wasm: string;
  files: { file: string; bytes: number; sha256: string }[];
}

export interface PublishedDashboard {
  name: string;
  dir: string;
  manifest: PublishManifest;
}

export interface PublishOutcome {
  published: boolean;
  outDir: string;
  dashboards: PublishedDashboard[];
  verdict: ReleaseVerdict;
}
