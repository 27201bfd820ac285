import type { BuildEvent } from '../../../shared/build-types.js';
import type { TestResult, TestRunReport } from '../../../shared/test-types.js';
import { compileProject } from '../compile/compile-project.js';
import { runDashboardTests } from '../dashboards/dashboard-tests.js';
import type { Dashboard } from '../dashboards/dashboard.js';
import { loadDashboards } from '../dashboards/load-dashboards.js';
import { runDashboard } from '../dashboards/run-dashboard.js';
import { DEFAULT_ROW_CAP } from '../dashboards/run-element.js';
import { assayPaths, ensureAssayDir } from '../env/assay-paths.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { latestReportFile } from '../tests/latest-report.js';
import { failedNodeResults, notRunResult, projectErrorResults } from '../tests/run-problems.js';
import { countStatuses } from '../tests/test-pipeline.js';
import { UNIT_TEST_KIND } from '../unit-tests/declare-unit-tests.js';
import { runUnitTests } from '../unit-tests/run-unit-tests.js';
import { buildOnWarehouse, type WarehouseBuild } from './postgres/pg-build.js';
import { readWarehouseCatalog, readWarehouseEnvironment } from './postgres/pg-catalog.js';
import { PgWarehouse } from './postgres/pg-connection.js';
import { connectToEnvironment } from './postgres/pg-dashboards.js';
import { pointRelationsAtEnvironment, runTestsOnWarehouse } from './postgres/pg-tests.js';
import { describeTarget } from './postgres-target.js';

export interface WarehouseTestOptions {
  projectRoot: string;
  /** The checked-out branch unless named (a branch or a commit, as on DuckDB). */
  branch?: string;
  /** The profile's target by name; default `$DBT_TARGET`, else the profile's `target:`. */
  target?: string;
  vars?: Record<string, unknown>;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  onResult?: (result: TestResult) => void;
}

export interface WarehouseTestOutcome {
  report: TestRunReport;
  build: WarehouseBuild;
}

/**
 * `assay test --target NAME`: builds the branch's environment on the warehouse and tests it, and
 * says so in a report of the same shape as a local run's (so it is written as JSON, JUnit, HTML or
 * Markdown, signed off, and read by the release gate alike): the project's tests on the warehouse,
 * dbt's unit tests in memory on DuckDB (they read no data), the dashboards' element tests on the
 * warehouse's environment, and every node that did not build and every error of the project's
 * files as results of their own. The report is kept as `.assay/reports/<env>@<target>.latest.json`.
 */
export async function testOnWarehouse(options: WarehouseTestOptions): Promise<WarehouseTestOutcome> {
  const startedAt = new Date().toISOString();
  const paths = assayPaths(options.projectRoot);
  // The build keeps its file hashes in .assay/: made with its own .gitignore, or a project never built
  // locally shows .assay/ as an uncommitted change (and the release gate then says no-go).
  await ensureAssayDir(paths);
  const built = await buildOnWarehouse({ ...options, fullRefresh: false });
  const { compiled, renderer } = built;
  const project = compiled.project;
  const emit = (results: TestResult[]) => results.forEach((r) => options.onResult?.(r));
  const cancelled = built.summary.status === 'cancelled' ? 'not run: the build was cancelled' : null;

  const declared = project.tests;
  const unitTests = declared.filter((t) => t.kind === UNIT_TEST_KIND);
  const unitResults = unitTests.length === 0 ? [] : await runUnitTests({ compiled: compileProject(project).compiled, tests: unitTests, onResult: options.onResult });
  const others = declared.filter((t) => t.kind !== UNIT_TEST_KIND);
  const warehouse = await PgWarehouse.connect(built.target);
  let results: TestResult[];
  let dashboards: Dashboard[];
  let dashboardResults: TestResult[];
  try {
    const entries = await readWarehouseCatalog(warehouse, built.summary.env);
    // Tests and dashboards read the environment's views (what a reviewer sees), not the store objects.
    pointRelationsAtEnvironment({ compiled, entries, schemaOf: built.schemaOf });
    results = cancelled
      ? others.map((t) => notRunResult(t, cancelled))
      : await runTestsOnWarehouse({ warehouse, compiled: { ...compiled, project: { ...project, tests: others } }, renderer, entries, schemaOf: built.schemaOf, env: built.summary.env, onResult: options.onResult });
    if (cancelled) emit(results);
    dashboards = await loadDashboards(project, renderer, { checkSpecs: true });
    dashboardResults = await dashboardTests(warehouse, options.projectRoot, built, dashboards, cancelled);
  } finally {
    await warehouse.close();
  }
  emit(dashboardResults);

  const failedNodes = failedNodeResults(built.summary.nodes, compiled);
  const projectErrors = [...compiled.errors, ...dashboards.flatMap((d) => d.errors)].filter((e) => e.severity === 'error');
  const everyDeclared = [...declared, ...dashboards.flatMap((d) => d.elements.flatMap((e) => e.tests))];
  const problems = [...projectErrorResults(projectErrors, everyDeclared, failedNodes, compiled, project.paths.dashboards), ...failedNodes];
  emit(problems);

  const tests = [...problems, ...unitResults, ...results, ...dashboardResults];
  const report: TestRunReport = {
    project: project.name,
    branch: built.summary.branch,
    commit: built.summary.commit,
    env: built.summary.env,
    target: { name: built.target.name, connection: describeTarget(built.target) },
    env_fingerprint: built.summary.envFingerprint,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    summary: countStatuses(tests),
    tests,
    project_errors: projectErrors,
  };
  await writeFileAtomically(latestReportFile(paths.reportsDir, report.env, built.target.name), JSON.stringify(report));
  return { report, build: built };
}

/** The dashboards' element tests, on the environment's schemas (their queries compiled for the warehouse). */
async function dashboardTests(warehouse: PgWarehouse, projectRoot: string, built: WarehouseBuild, dashboards: Dashboard[], skip: string | null): Promise<TestResult[]> {
  const env = built.summary.env;
  const runLocally = { projectRoot, env, dashboards, ready: async () => {} };
  if (!dashboards.some((d) => d.elements.some((e) => e.tests.length > 0))) return [];
  if (skip) return runDashboardTests({ ...runLocally, skip });
  const environment = await readWarehouseEnvironment(warehouse, env);
  if (!environment) return runDashboardTests({ ...runLocally, skip: `not run: ${warehouse.name} has no environment '${env}'` });
  const conn = await connectToEnvironment(warehouse, environment);
  try {
    return await runDashboardTests({ ...runLocally, run: (dashboard) => runDashboard(conn, dashboard, {}, DEFAULT_ROW_CAP) });
  } finally {
    await conn.close();
  }
}
