import { access } from 'node:fs/promises';
import type { BuildEvent } from '../../../shared/build-types.js';
import type { TestDeclaration, TestStage } from '../../../shared/project-types.js';
import type { TestResult, TestRunReport, TestSummaryCounts } from '../../../shared/test-types.js';
import { buildBranch } from '../build/build-branch.js';
import { checkoutTarget, resolveBuildTarget } from '../build/build-target.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { selectNodes } from '../build/select-nodes.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { prepareProject } from '../build/prepare-project.js';
import { assayPaths, envNameForBranch } from '../env/assay-paths.js';
import type { Dashboard } from '../dashboards/dashboard.js';
import { runDashboardTests } from '../dashboards/dashboard-tests.js';
import { saveLatestReport } from './latest-report.js';
import { RunHistory } from './run-history.js';
import { resultOf, runTests } from './run-tests.js';

export interface TestPipelineOptions {
  projectRoot: string;
  branch?: string;
  select?: string[];
  stage?: TestStage;
  sampleSize?: number;
  onEvent?: (event: BuildEvent) => void;
  onResult?: (result: TestResult) => void;
  signal?: AbortSignal;
}

/**
 * `assay test`: input tests run on the sources and seeds before any model is built, so a bad
 * supplier file stops the pipeline before it spreads; then the environment is brought up to date
 * and the business-logic and output tests run on it, the dashboards' element tests last. Every run
 * is remembered for `previous_run`.
 */
export async function runTestPipeline(options: TestPipelineOptions): Promise<TestRunReport> {
  const startedAt = new Date().toISOString();
  const target = await resolveBuildTarget(options.projectRoot, options.branch);
  await checkoutTarget(target);
  const loaded = await prepareProject(options.projectRoot, target.buildRoot);
  const { compiled, renderer } = loaded;
  const baseBranch = loaded.project.config.assay?.base_branch ?? 'main';
  const tests = chooseTests(loaded.project.tests, compiled, options);
  const build = (select?: string[]) => buildBranch({ projectRoot: options.projectRoot, branch: options.branch, baseBranch, select, signal: options.signal, onEvent: options.onEvent });
  const run = (chosen: TestDeclaration[]) => runTests({ projectRoot: options.projectRoot, compiled, renderer, env: target.env, tests: chosen, sampleSize: options.sampleSize, onResult: options.onResult, baselineEnv: baselines });
  const paths = assayPaths(options.projectRoot);
  const builtEnvs = new Set<string>();
  const baselines = (branch: string) => (builtEnvs.has(branch) ? envNameForBranch(branch) : null);

  const inputs = tests.filter((t) => t.stage === 'input');
  const inputNodes = [...compiled.nodes.values()].filter((n) => n.kind === 'seed' || n.kind === 'source').map((n) => n.id);
  let envFingerprint = (await build(inputNodes.length ? inputNodes : undefined)).target.envFingerprint;
  const results = inputs.length ? await run(inputs) : [];
  const rest = tests.filter((t) => t.stage !== 'input');
  const blocking = results.filter((r) => r.severity === 'error' && (r.status === 'fail' || r.status === 'error'));
  const blocked = blocking.length > 0 ? `not run: input tests failed (${blocking.map((r) => r.id).join(', ')}), so the models were not built` : undefined;
  let builtAll = false;
  const buildAll = async () => {
    envFingerprint = (await build()).target.envFingerprint;
    builtAll = true;
  };
  if (rest.length > 0) {
    if (blocked) {
      for (const test of rest) results.push(skippedResult(test, blocked));
    } else {
      await buildAll();
      for (const branch of baselineBranches(rest)) {
        if (await ensureBaseline(options.projectRoot, branch, baseBranch, paths.envFile(envNameForBranch(branch)))) builtEnvs.add(branch);
      }
      results.push(...(await run(rest)));
    }
  }
  if (!options.stage || options.stage === 'output') {
    const include = (d: Dashboard) => !options.select?.length || options.select.includes(d.id);
    const ready = async () => (builtAll ? undefined : buildAll());
    const dashboardResults = await runDashboardTests({ projectRoot: options.projectRoot, env: target.env, project: loaded.project, renderer, include, skip: blocked, ready });
    dashboardResults.forEach((r) => options.onResult?.(r));
    results.push(...dashboardResults);
  }

  const report: TestRunReport = {
    project: loaded.project.name,
    branch: target.branch,
    commit: target.commit,
    env: target.env,
    env_fingerprint: envFingerprint,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
    summary: countStatuses(results),
    tests: results,
  };
  await saveLatestReport(paths.reportsDir, report);
  await new RunHistory(paths.historyDir).append({
    at: report.finished_at, branch: report.branch, commit: report.commit, env: report.env,
    tests: results.map((r) => ({ id: r.id, status: r.status, observed: r.observed, points: r.points })),
  });
  return report;
}

function chooseTests(all: TestDeclaration[], compiled: CompiledProject, options: TestPipelineOptions): TestDeclaration[] {
  let chosen = all;
  if (options.select?.length) {
    const selected = selectNodes(compiled, options.select);
    if (!selected.ok) throw new ProjectLoadError([{ file: 'dbt_project.yml', severity: 'error', message: selected.error }]);
    chosen = chosen.filter((t) => selected.ids.has(t.node) || options.select?.includes(t.id));
  }
  return options.stage ? chosen.filter((t) => t.stage === options.stage) : chosen;
}

function baselineBranches(tests: TestDeclaration[]): string[] {
  const branches = tests.filter((t) => t.kind === 'variation' && t.args.compare_to === 'baseline_branch').map((t) => String(t.args.baseline_branch ?? 'main'));
  return [...new Set(branches)];
}

/** The baseline environment exists after the build (the base branch) or is built now; a branch that does not exist has none. */
async function ensureBaseline(projectRoot: string, branch: string, baseBranch: string, envFile: string): Promise<boolean> {
  if (await access(envFile).then(() => true, () => false)) return true;
  if (branch === baseBranch) return false;
  try {
    await buildBranch({ projectRoot, branch, baseBranch });
    return true;
  } catch {
    return false;
  }
}

function skippedResult(test: TestDeclaration, reason: string): TestResult {
  return resultOf(test, test.node, { status: 'skipped', observed: null, threshold: '', failing_rows: null, message: reason }, 0);
}

export function countStatuses(results: TestResult[]): TestSummaryCounts {
  const counts: TestSummaryCounts = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const r of results) counts[r.status]++;
  return counts;
}
