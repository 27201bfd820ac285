import { access } from 'node:fs/promises';
import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import type { TestDeclaration, TestStage } from '../../../shared/project-types.js';
import type { TestResult, TestRunReport, TestSummaryCounts } from '../../../shared/test-types.js';
import { buildBranch, environmentOf } from '../build/build-branch.js';
import { checkoutTarget, resolveBuildTarget } from '../build/build-target.js';
import { prepareProject, reusableProject } from '../build/prepare-project.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import type { Project } from '../project/project.js';
import { assayPaths, envNameForBranch } from '../env/assay-paths.js';
import type { AsOf } from '../project/delivery-date.js';
import { runDashboardTests } from '../dashboards/dashboard-tests.js';
import { loadDashboards } from '../dashboards/load-dashboards.js';
import { saveLatestReport } from './latest-report.js';
import { RunLog } from '../runs/run-log.js';
import { RunHistory, type HistoryEntry } from './run-history.js';
import { deselectedResult, failedNodeResults, notRunResult, projectErrorResults } from './run-problems.js';
import { runTests } from './run-tests.js';
import { selectTests, type TestSelection } from './test-selection.js';
import { readCatalog } from '../env/catalog.js';
import { UNIT_TEST_KIND } from '../unit-tests/declare-unit-tests.js';
import { runUnitTests } from '../unit-tests/run-unit-tests.js';

export interface TestPipelineOptions {
  projectRoot: string;
  branch?: string;
  select?: string[];
  stage?: TestStage;
  sampleSize?: number;
  /** Also check every dashboard chart against the Vega-Lite schema (about a second): the release gate does. */
  checkSpecs?: boolean;
  onEvent?: (event: BuildEvent) => void;
  onResult?: (result: TestResult) => void;
  signal?: AbortSignal;
  /** dbt's `--vars`. */
  vars?: Record<string, unknown>;
  /** `assay test --unit`: only the dbt unit tests, in memory, with no build at all. */
  unitOnly?: boolean;
  /** The build that just brought the environment up to date (the app's build after a save): the run builds nothing itself. */
  builtBy?: BuildSummary;
  /** With `builtBy`, the project that build built, as the app read it from the working tree: the run reads no file again. */
  loaded?: Project;
  /** `--as-of`: test the lake as of a delivery, in the environment `<env>^as-of~DATE` (built first, as the branch's is). */
  asOf?: AsOf;
}

/**
 * `assay test`: input tests run on the sources and seeds before any model is built, so a bad
 * supplier file stops the pipeline before it spreads; then the environment is brought up to date
 * and the business-logic and output tests run on it, the dashboards' element tests last. Every run
 * is remembered for `previous_run`. The report counts every declared test, and names every error
 * of the project and every node that did not build (see run-problems.ts and shared/run-verdict.ts).
 */
export async function runTestPipeline(options: TestPipelineOptions): Promise<TestRunReport> {
  const startedAt = new Date().toISOString();
  const target = await resolveBuildTarget(options.projectRoot, options.branch);
  const env = environmentOf(target.env, options);
  await checkoutTarget(target);
  const given = options.builtBy ? reusableProject(target, options) : undefined;
  const loaded = await prepareProject(options.projectRoot, target.buildRoot, { vars: options.vars, asOf: options.asOf, loaded: given });
  const { compiled, renderer, project } = loaded;
  if (options.asOf) refuseUnreadableDeliveries(project);
  const baseBranch = project.config.assay?.base_branch ?? 'main';
  const dashboards = await loadDashboards(project, renderer, { checkSpecs: options.checkSpecs ?? false });
  const selection = unitTestsOnly(selectTests(project.tests, dashboards, compiled, options), options.unitOnly ?? false);
  // dbt unit tests need no data: they run first, before anything is built (electron/core/unit-tests).
  const unitTests = selection.tests.filter((t) => t.kind === UNIT_TEST_KIND);
  const unitResults = unitTests.length ? await runUnitTests({ compiled, tests: unitTests, env: { projectRoot: options.projectRoot, name: env }, onResult: options.onResult }) : [];
  const tests = selection.tests.filter((t) => t.kind !== UNIT_TEST_KIND);
  let lastBuild: BuildSummary | null = null;
  const build = async (select?: string[]) => {
    if (options.builtBy) return (lastBuild = options.builtBy);
    lastBuild = (await buildBranch({ projectRoot: options.projectRoot, branch: options.branch, baseBranch, select, vars: options.vars, asOf: options.asOf, signal: options.signal, onEvent: options.onEvent })).target;
    return lastBuild;
  };
  const run = (chosen: TestDeclaration[]) => runTests({ projectRoot: options.projectRoot, compiled, renderer, env, tests: chosen, sampleSize: options.sampleSize, onResult: options.onResult, baselineEnv: baselines });
  const paths = assayPaths(options.projectRoot);
  const builtEnvs = new Set<string>();
  // An as-of run compares with the baseline branch as of the same date: the same deliveries, another branch's code.
  const baselineEnv = (branch: string) => environmentOf(envNameForBranch(branch), options);
  const baselines = (branch: string) => (builtEnvs.has(branch) ? baselineEnv(branch) : null);

  const inputs = tests.filter((t) => t.stage === 'input');
  const inputNodes = [...compiled.nodes.values()].filter((n) => n.kind === 'seed' || n.kind === 'source').map((n) => n.id);
  let envFingerprint = options.unitOnly ? await builtFingerprint(paths.envFile(env)) : (await build(inputNodes.length ? inputNodes : undefined)).envFingerprint;
  const results = [...unitResults, ...(inputs.length ? await run(inputs) : [])];
  const rest = tests.filter((t) => t.stage !== 'input');
  const blocking = results.filter((r) => r.kind !== UNIT_TEST_KIND).filter((r) => r.severity === 'error' && (r.status === 'fail' || r.status === 'error'));
  const blocked = blocking.length > 0 ? `not run: input tests failed (${blocking.map((r) => r.id).join(', ')}), so the models were not built` : undefined;
  let builtAll = false;
  const buildAll = async () => {
    envFingerprint = (await build()).envFingerprint;
    builtAll = true;
  };
  if (rest.length > 0) {
    if (blocked) {
      for (const test of rest) results.push(notRunResult(test, blocked));
    } else {
      await buildAll();
      for (const branch of baselineBranches(rest)) {
        if (await ensureBaseline(options.projectRoot, branch, baseBranch, paths.envFile(baselineEnv(branch)), options.asOf)) builtEnvs.add(branch);
      }
      results.push(...(await run(rest)));
    }
  }
  const ready = async () => (builtAll ? undefined : buildAll());
  const dashboardResults = await runDashboardTests({ projectRoot: options.projectRoot, env, dashboards: selection.dashboards, skip: blocked, ready });
  dashboardResults.forEach((r) => options.onResult?.(r));
  results.push(...dashboardResults);

  const built = (lastBuild as BuildSummary | null)?.nodes ?? [];
  const failedNodes = failedNodeResults(built.filter((n) => !selection.nodeIds || selection.nodeIds.has(n.node)), compiled);
  const projectErrors = [...compiled.errors, ...dashboards.flatMap((d) => d.errors)].filter((e) => e.severity === 'error');
  const declared = [...project.tests, ...dashboards.flatMap((d) => d.elements.flatMap((e) => e.tests))];
  const problems = [...projectErrorResults(projectErrors, declared, failedNodes, compiled, project.paths.dashboards), ...failedNodes];
  problems.forEach((r) => options.onResult?.(r));
  const all = [...problems, ...results, ...selection.deselected];

  const report: TestRunReport = {
    project: project.name,
    branch: target.branch,
    commit: target.commit,
    env,
    env_fingerprint: envFingerprint,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    summary: countStatuses(all),
    tests: all,
    project_errors: projectErrors,
  };
  await saveLatestReport(paths.reportsDir, report);
  await new RunHistory(paths.historyDir).append({
    at: report.finished_at, branch: report.branch, commit: report.commit, env: report.env,
    // What this run left out is not a point of those tests' history.
    tests: [...problems, ...results].map((r) => ({ id: r.id, status: r.status, observed: r.observed, points: r.points, ...runAnomalyValues(r) })),
  });
  await new RunLog(paths.runsDir).recordTests(report, runScope(options));
  return report;
}

/**
 * As of a date before a dated source's first delivery (or over a lake folder that is not a date)
 * the source cannot be built, and every test downstream of it would only say so: refused, each
 * source named, before anything is built (exit 2, as `assay build --as-of` of such a date).
 */
function refuseUnreadableDeliveries(project: Project): void {
  const errors = [...project.nodes.values()].flatMap((node) => (node.kind === 'source' && node.deliveriesError ? [node.deliveriesError] : []));
  if (errors.length > 0) throw new ProjectLoadError(errors);
}

/** A per-run anomaly test remembers what it measured: the next runs score against it (run-anomaly.ts). */
function runAnomalyValues(result: TestResult): Pick<HistoryEntry, 'anomaly'> {
  const outcome = result.anomaly;
  if (outcome?.settings.mode !== 'run') return {};
  const measured = outcome.points.filter((p) => p.role === 'detection');
  return { anomaly: { data_version: outcome.data_version ?? null, values: Object.fromEntries(measured.map((p) => [p.metric, p.value])) } };
}

/** What a run ran when it was not every test, in the words the run history shows. */
function runScope(options: TestPipelineOptions): string | null {
  if (options.unitOnly) return 'unit tests';
  if (options.stage) return `${options.stage} stage`;
  if (options.builtBy && options.select?.length) return `after a save: the tests of ${namesInShort(options.select)}`;
  return options.select?.length ? options.select.join(', ') : null;
}

/** `a, b, c and 12 more`: a run's scope reads on one line. */
function namesInShort(names: string[], shown = 3): string {
  return names.length <= shown + 1 ? names.join(', ') : `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/** With `--unit`, every other selected test is left out (skipped, as `--stage` leaves tests out). */
function unitTestsOnly(selection: TestSelection, unitOnly: boolean): TestSelection {
  if (!unitOnly) return selection;
  const reason = 'not selected: only unit tests were run (--unit)';
  const others = [...selection.tests.filter((t) => t.kind !== UNIT_TEST_KIND), ...selection.dashboards.flatMap((d) => d.elements.flatMap((e) => e.tests))];
  return { ...selection, tests: selection.tests.filter((t) => t.kind === UNIT_TEST_KIND), dashboards: [], deselected: [...selection.deselected, ...others.map((t) => deselectedResult(t, reason))] };
}

/** The fingerprint of the environment as last built, when a run builds nothing. */
async function builtFingerprint(envFile: string): Promise<string> {
  const catalog = await readCatalog(envFile);
  return catalog.state === 'ok' ? catalog.info.envFingerprint : '';
}

function baselineBranches(tests: TestDeclaration[]): string[] {
  const branches = tests.filter((t) => t.kind === 'variation' && t.args.compare_to === 'baseline_branch').map((t) => String(t.args.baseline_branch ?? 'main'));
  return [...new Set(branches)];
}

/** The baseline environment exists after the build (the base branch) or is built now; a branch that does not exist has none. */
async function ensureBaseline(projectRoot: string, branch: string, baseBranch: string, envFile: string, asOf: AsOf | undefined): Promise<boolean> {
  if (await access(envFile).then(() => true, () => false)) return true;
  // The base is built before any other branch; as of a date it is not (buildBranch builds an as-of environment alone).
  if (branch === baseBranch && !asOf) return false;
  try {
    await buildBranch({ projectRoot, branch, baseBranch, asOf });
    return true;
  } catch {
    return false;
  }
}

export function countStatuses(results: TestResult[]): TestSummaryCounts {
  const counts: TestSummaryCounts = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
