/**
 * The one contract between the UI and the core. Every operation the renderer can ask for is
 * declared here once, with the schema its argument is validated against when it enters the core
 * and the type of its result. The Electron IPC handlers, the preload bridge, the browser-mode
 * HTTP/WebSocket server and the renderer's client are all derived from this declaration, so adding
 * an operation is one line here and one implementation in the core.
 */
import { z } from 'zod';
import type { BuildEvent, BuildSummary, NodeBuildStatus } from './build-types.js';
import type { DashboardComparison, DashboardList, DashboardPreview, PublishOutcome } from './dashboard-types.js';
import type { DiffReport, ModelDiff, ModelSqlDiff } from './diff-types.js';
import type { EnvironmentHistory, RestoredEnvironment } from './env-history-types.js';
import type { LakeDeliveries } from './delivery-types.js';
import type { BranchInfo, CommitInfo, MergeResult } from './git-types.js';
import type { DepsProgress, PackageInstallResult, PackageList } from './package-types.js';
import type { ProjectSummary } from './project-types.js';
import { previewFilter, previewSort, type ConsoleResult } from './preview-query.js';
import type { ReleaseVerdict, ReviewChecklist, Signoff } from './release-types.js';
import type { RefreshLogView } from './refresh-types.js';
import type { RunDetail, RunRecord } from './run-history-types.js';
import type { AcceptedTests, TestSuggestions } from './suggest-types.js';
import type { TestResult, TestRunReport, TestStatus } from './test-types.js';
import type {
  ProfileTargets, WarehouseBuildResult, WarehouseDiffResult, WarehouseEnvironmentList, WarehouseGcResult, WarehouseNodeStates, WarehouseProgress, WarehouseTestRun,
} from './warehouse-types.js';

const nodeId = z.string().min(1).max(300);
const branchName = z.string().min(1).max(250);
const dashboardName = z.string().min(1).max(200);
/** An output of the project's dbt profile, by name. */
const targetName = z.string().min(1).max(200);
/** Dashboard parameter values, checked against the dashboard's own parameters by the core. */
const dashboardParams = z.record(
  z.string().max(100),
  z.union([z.string().max(1000), z.number(), z.object({ start: z.string().max(10), end: z.string().max(10) })]),
).default({});

export const operations = {
  openProject: z.object({ dir: z.string().min(1).max(4096) }),
  recentProjects: z.object({}),
  projectState: z.object({}),
  readModel: z.object({ node: nodeId }),
  saveModel: z.object({ node: nodeId, sql: z.string().max(5_000_000) }),
  previewNode: z.object({
    node: nodeId,
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(5000).default(200),
    orderBy: z.array(previewSort).max(20).default([]),
    filters: z.array(previewFilter).max(50).default([]),
  }),
  /** One read-only SELECT on the checked-out branch's environment (the SQL console), guarded as a query diff is. */
  queryEnvironment: z.object({ sql: z.string().min(1).max(100_000), limit: z.number().int().min(1).max(5000).default(1000) }),
  startBuild: z.object({ branch: branchName.optional(), select: z.array(z.string().max(300)).max(100).optional(), fullRefresh: z.boolean().optional() }),
  cancelBuild: z.object({}),
  environmentStatus: z.object({}),
  gitState: z.object({}),
  switchBranch: z.object({ branch: branchName, stash: z.boolean().optional() }),
  createBranch: z.object({ branch: branchName, switchTo: z.boolean().default(true) }),
  /** `asOf` (YYYY-MM, YYYY-MM-DD or YYYYMMDD) tests the lake as of that delivery date, in the environment `<env>^as-of~DATE`, as `assay test --as-of` does. */
  runTests: z.object({ stage: z.enum(['input', 'business-logic', 'output']).optional(), select: z.array(z.string().max(300)).max(100).optional(), asOf: z.string().min(1).max(10).optional() }),
  /** The branch's latest test report; with `target`, its last run on that warehouse target (`assay test --target`). */
  latestTestReport: z.object({ target: targetName.optional() }),
  /** One test's past runs on the branch; with `target`, from that warehouse's run history (assay_meta.test_runs). */
  testHistory: z.object({ test: z.string().min(1).max(500), target: targetName.optional() }),
  exportFailingRows: z.object({ test: z.string().min(1).max(500), format: z.enum(['csv', 'parquet']) }),
  diffBranches: z.object({
    base: branchName,
    compare: branchName.optional(),
    models: z.array(nodeId).max(500).optional(),
    primaryKey: z.array(z.string().max(300)).max(20).optional(),
    tolerance: z.number().min(0).max(1e12).optional(),
    all: z.boolean().optional(),
  }),
  diffQuery: z.object({ base: branchName, compare: branchName.optional(), sql: z.string().min(1).max(100_000), primaryKey: z.array(z.string().max(300)).max(20).optional() }),
  modelSqlDiff: z.object({ base: branchName, compare: branchName.optional(), model: nodeId }),
  lakeDeliveries: z.object({}),
  listBranches: z.object({}),
  changedFiles: z.object({}),
  commitFiles: z.object({ files: z.array(z.string().min(1).max(4096)).min(1).max(10_000), message: z.string().min(1).max(10_000) }),
  mergeBranch: z.object({ branch: branchName, into: branchName.default('main') }),
  abortMerge: z.object({}),
  fileHistory: z.object({ node: nodeId.optional(), file: z.string().max(4096).optional(), limit: z.number().int().min(1).max(1000).default(50) }),
  signOff: z.object({ commit: z.string().max(250).optional(), message: z.string().max(10_000).optional(), checked: z.array(z.string().max(200)).max(50).optional() }),
  reviewChecklist: z.object({}),
  listSignoffs: z.object({ commit: z.string().max(250).optional() }),
  /** The release gate; with `target`, the commit is built and tested on that warehouse target (`assay release-check --target`). */
  releaseCheck: z.object({ commit: z.string().max(250).optional(), target: targetName.optional() }),
  listDashboards: z.object({}),
  previewDashboard: z.object({ name: dashboardName, params: dashboardParams, branch: branchName.optional() }),
  compareDashboards: z.object({ name: dashboardName, base: branchName, compare: branchName.optional(), params: dashboardParams }),
  /** Publishes after the gate's go; with `target`, gated, queried and exported on that warehouse target (`assay publish --target`). */
  publishDashboards: z.object({ name: dashboardName.optional(), target: targetName.optional() }),
  /** Opens a published dashboard's page, or its folder, with the system's opener; the core finds the path itself. */
  openPublished: z.object({ name: dashboardName, target: z.enum(['page', 'folder']) }),
  listPackages: z.object({}),
  installPackages: z.object({ upgrade: z.boolean().optional() }),
  /** The builds and test runs of a branch (the checked-out one unless named), newest first; `run` opens one of them. */
  runHistory: z.object({ branch: branchName.optional() }),
  runDetail: z.object({ branch: branchName.optional(), run: z.string().min(1).max(100) }),
  /** The catalogs a branch's environment keeps (the checked-out branch unless named), newest first (issue 17). */
  environmentHistory: z.object({ branch: branchName.optional() }),
  /** Makes a kept catalog the environment's current one, with no rebuild; refused while a build runs. */
  restoreEnvironment: z.object({ branch: branchName.optional(), id: z.string().min(1).max(100) }),
  /** Profiles a built model of the checked-out branch and proposes tests, each with its evidence (issue 15). */
  suggestTests: z.object({ node: nodeId }),
  /** Writes chosen suggestions (made again from the data as it is now) into the model's schema file. */
  acceptSuggestedTests: z.object({ node: nodeId, ids: z.array(z.string().min(1).max(500)).min(1).max(500) }),
  /** The scheduled refreshes (assay refresh) of a branch, the checked-out one unless named, newest first, with each step's outcome (issue 17). */
  refreshLog: z.object({ branch: branchName.optional() }),
  /** The outputs of the project's dbt profile, each with its type, the default marked (issue 16). */
  warehouseTargets: z.object({}),
  /** The branch environments a PostgreSQL target's server holds. */
  warehouseEnvironments: z.object({ target: targetName }),
  /**
   * Each node's state in a branch's environment on the target (the checked-out branch unless named), as environmentStatus
   * gives the local one's: read from the server's assay_meta rows, stale where the project's fingerprints changed since.
   */
  warehouseNodeStates: z.object({ target: targetName, branch: branchName.optional() }),
  /**
   * Builds a branch (the checked-out one unless named) on a PostgreSQL target; progress arrives as `warehouse` events.
   * `select`/`exclude`: dbt's selectors, as `assay build --select` (what is left out keeps what the environment had);
   * `empty`: dbt's --empty, into the environment `<env>^empty`.
   */
  warehouseBuild: z.object({
    target: targetName, branch: branchName.optional(), fullRefresh: z.boolean().optional(),
    select: z.array(z.string().max(300)).max(100).optional(), exclude: z.array(z.string().max(300)).max(100).optional(), empty: z.boolean().optional(),
  }),
  /** Builds the branch on the target as warehouseBuild does, then runs the project's tests there. */
  warehouseTest: z.object({ target: targetName, branch: branchName.optional() }),
  /**
   * Compares two branches' environments on the target's server; `compare` is the checked-out branch unless named.
   * `primaryKey` (or `tolerance`): rows matched by key there too, as `assay diff --primary-key`; the result's `byKey` holds them.
   */
  warehouseDiff: z.object({
    target: targetName, base: branchName, compare: branchName.optional(),
    primaryKey: z.array(z.string().min(1).max(300)).min(1).max(20).optional(), tolerance: z.number().min(0).max(1e12).optional(),
  }),
  /** Drops the store objects no environment on the target reads (`dryRun`: only lists them), as assay gc does. */
  warehouseGc: z.object({ target: targetName, dryRun: z.boolean().default(true) }),
  /** Asks the running warehouse build (or the build of a warehouseTest) to stop; the server cancels its statements. */
  cancelWarehouseBuild: z.object({}),
} as const;

export type OperationName = keyof typeof operations;
export const operationNames = Object.keys(operations) as OperationName[];
export type OperationArgs<N extends OperationName> = z.input<(typeof operations)[N]>;
export type ParsedArgs<N extends OperationName> = z.output<(typeof operations)[N]>;

export interface RecentProject {
  dir: string;
  name: string;
  openedAt: string;
}

export interface NodeState {
  node: string;
  status: NodeBuildStatus | 'not-built' | 'stale';
  rows?: number;
  error?: string;
}

export interface GitState {
  isRepo: boolean;
  branch: string | null;
  /** Files with uncommitted changes (modified, staged or untracked), relative to the repository. */
  changed: string[];
  branches: string[];
}

export interface ProjectState {
  project: ProjectSummary;
  git: GitState;
  env: string;
  nodes: NodeState[];
}

export interface ColumnDescription {
  name: string;
  type: string;
}

export interface ModelDetail {
  node: string;
  file: string;
  rawSql: string;
  compiledSql: string | null;
  columns: ColumnDescription[];
  error: string | null;
}

export interface NodePreview {
  node: string;
  columns: ColumnDescription[];
  rows: Record<string, unknown>[];
  offset: number;
  /** The rows the filters let through. */
  total: number;
  /** The SQL that reads the node in its environment (what the SQL console starts from). */
  relation: string;
}

export interface OperationResults {
  openProject: ProjectState;
  recentProjects: RecentProject[];
  projectState: ProjectState | null;
  readModel: ModelDetail;
  saveModel: { file: string };
  previewNode: NodePreview;
  queryEnvironment: ConsoleResult;
  startBuild: BuildSummary;
  cancelBuild: { cancelled: boolean };
  environmentStatus: NodeState[];
  gitState: GitState;
  switchBranch: GitState;
  createBranch: GitState;
  runTests: TestRunReport;
  latestTestReport: TestRunReport | null;
  testHistory: TestHistoryPoint[];
  exportFailingRows: { file: string; rows: number };
  diffBranches: DiffReport;
  diffQuery: ModelDiff;
  modelSqlDiff: ModelSqlDiff;
  lakeDeliveries: LakeDeliveries;
  listBranches: BranchInfo[];
  changedFiles: ChangedFile[];
  commitFiles: { commit: string };
  mergeBranch: MergeResult;
  abortMerge: { commit: string };
  fileHistory: CommitInfo[];
  signOff: Signoff;
  reviewChecklist: ReviewChecklist;
  listSignoffs: Signoff[];
  releaseCheck: ReleaseVerdict;
  listDashboards: DashboardList;
  previewDashboard: DashboardPreview;
  compareDashboards: DashboardComparison;
  publishDashboards: PublishOutcome;
  openPublished: { opened: boolean; path: string };
  listPackages: PackageList;
  installPackages: PackageInstallResult;
  runHistory: { branch: string | null; env: string; runs: RunRecord[] };
  runDetail: RunDetail;
  environmentHistory: EnvironmentHistory;
  restoreEnvironment: RestoredEnvironment;
  suggestTests: TestSuggestions;
  acceptSuggestedTests: AcceptedTests;
  refreshLog: RefreshLogView;
  warehouseTargets: ProfileTargets;
  warehouseEnvironments: WarehouseEnvironmentList;
  warehouseNodeStates: WarehouseNodeStates;
  warehouseBuild: WarehouseBuildResult;
  warehouseTest: WarehouseTestRun;
  warehouseDiff: WarehouseDiffResult;
  warehouseGc: WarehouseGcResult;
  cancelWarehouseBuild: { cancelled: boolean };
}

/** One past run of one test, for its history chart. */
export interface TestHistoryPoint {
  at: string;
  commit: string | null;
  status: TestStatus;
  observed: number | string | null;
}

/** A file with uncommitted changes, and its text diff against HEAD (empty for binary files). */
export interface ChangedFile {
  path: string;
  change: string;
  staged: boolean;
  diff: string;
}

/** Errors cross the boundary as values, never as exceptions. */
export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: string };

export type AssayApi = {
  [N in OperationName]: (args: OperationArgs<N>) => Promise<ApiResult<OperationResults[N]>>;
};

/** What the core pushes to the UI. */
export interface ApiEvents {
  build: BuildEvent;
  /** Project files changed on disk (saved in the app, in another editor, or by git). */
  files: { changed: string[] };
  git: GitState;
  project: ProjectState;
  /** One test finished (while runTests runs, or the tests the app runs after rebuilding a save). */
  test: TestResult;
  /** A test run finished and was recorded: the branch's tests as the Tests screen shows them. */
  tests: TestRunReport;
  /** A progress line of a running installPackages (assay deps). */
  deps: DepsProgress;
  /** A warehouse build's progress (warehouseBuild, warehouseTest): kept apart from `build`, which is the local DuckDB environments'. */
  warehouse: WarehouseProgress;
}

export type ApiEventName = keyof ApiEvents;
export type ApiEvent = { [E in ApiEventName]: { event: E; payload: ApiEvents[E] } }[ApiEventName];

/** Validates an operation's argument as it enters the core. */
export function parseArgs<N extends OperationName>(name: N, raw: unknown): { ok: true; args: ParsedArgs<N> } | { ok: false; error: string } {
  const schema = operations[name] as unknown as z.ZodType<ParsedArgs<N>>;
  const parsed = schema.safeParse(raw ?? {});
  if (parsed.success) return { ok: true, args: parsed.data };
  return { ok: false, error: `invalid argument for ${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}` };
}

export function isOperationName(name: string): name is OperationName {
  return Object.hasOwn(operations, name);
}
