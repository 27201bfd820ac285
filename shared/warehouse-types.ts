/** The profile's targets and what the app does on a PostgreSQL one (issue 16), as the Warehouse screen shows them. */
import type { NodeState } from './api.js';
import type { BuildEvent, BuildSummary } from './build-types.js';
import type { DiffReport } from './diff-types.js';
import type { TestResult, TestRunReport } from './test-types.js';

/** One output of the project's dbt profile. */
export interface ProfileTarget {
  name: string;
  /** Its `type:` as written: `duckdb`, `postgres`, or one Assay does not run on. */
  type: string;
  /** The target used when none is named (`$DBT_TARGET`, else the profile's `target:`). */
  isDefault: boolean;
  /** A PostgreSQL target as errors name it (`target 'pg' (postgres://user@host:5432/db)`), never with its password. */
  connection: string | null;
  /** The schema its environments are named after (`<schema>__<branch>`). */
  schema: string | null;
  /** Why the output cannot be used as it is (a missing `env_var`, a bad key), naming the file and line. */
  problem: string | null;
}

export interface ProfileTargets {
  /** The profile `dbt_project.yml` names; null when it names none. */
  profile: string | null;
  /** The profiles.yml read; null when none was found (the project then runs on local DuckDB only). */
  file: string | null;
  /** Why the profile could not be listed at all. */
  problem: string | null;
  targets: ProfileTarget[];
}

/** A branch's environment on the warehouse: a set of schemas of views, published in one transaction. */
export interface WarehouseEnvironmentRow {
  env: string;
  branch: string | null;
  commit: string | null;
  /** `failed`: the last build had failures; the nodes that failed kept their previous result. */
  status: 'ok' | 'failed';
  builtAt: string;
  schemas: string[];
}

export interface WarehouseEnvironmentList {
  target: string;
  connection: string;
  environments: WarehouseEnvironmentRow[];
}

/** A branch's environment on a target, node by node, as the lineage shows it (warehouseNodeStates). */
export interface WarehouseNodeStates {
  target: string;
  connection: string;
  env: string;
  branch: string | null;
  /** The commit the environment was last built from, when, and whether that build had failures. */
  commit: string | null;
  builtAt: string;
  status: 'ok' | 'failed';
  /** Every node of the project compiled for the target: stale where the project changed since its result was built. */
  nodes: NodeState[];
}

export interface WarehouseBuildResult {
  target: string;
  connection: string;
  /** The schema each of dbt's schemas has in this environment. */
  schemas: Record<string, string>;
  summary: BuildSummary;
}

export interface WarehouseTestRun {
  build: WarehouseBuildResult;
  /** Every test of the project, run on the environment just built, with up to five failing rows each. */
  results: TestResult[];
  /** The run as a test report (absent after a cancelled build): what a reviewer signs off. */
  report?: TestRunReport;
}

/** One node compared between two environments of one warehouse (the shape of the core's WarehouseNodeDiff). */
export interface WarehouseModelDiff {
  node: string;
  status: 'added' | 'removed' | 'modified' | 'unchanged';
  /** direct: the node's own definition changed; indirect: only something upstream did. */
  change: 'direct' | 'indirect' | null;
  rowsBase: number | null;
  rowsCompare: number | null;
  /** Whole rows (duplicates counted) only in the base, only in the compared environment; null where rows were matched by key (see byKey). */
  onlyBase: number | null;
  onlyCompare: number | null;
  columnsAdded: string[];
  columnsRemoved: string[];
}

export interface WarehouseDiffResult {
  target: string;
  connection: string;
  base: string;
  compare: string;
  models: WarehouseModelDiff[];
  /** With a primary key (or a tolerance): the models that differ, rows matched by key on the server, in the local diff's report shape. */
  byKey?: DiffReport;
}

export interface WarehouseGcResult {
  target: string;
  dryRun: boolean;
  /** The store objects dropped (or that would be). */
  dropped: string[];
  /** How many store objects environments still read. */
  kept: number;
  /** Schemas an interrupted or blocked publish left behind (dropped too, or that would be). */
  schemas: string[];
  /** Unused store objects kept because something outside Assay still reads them, with what reads them. */
  held: { name: string; readBy: string }[];
}

/** A warehouse build's progress, streamed while `warehouseBuild` or `warehouseTest` runs. */
export interface WarehouseProgress {
  target: string;
  event: BuildEvent;
}
