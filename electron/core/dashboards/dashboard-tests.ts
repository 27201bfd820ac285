import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import { notRunResult } from '../tests/run-problems.js';
import { resultOf } from '../tests/run-tests.js';
import type { Dashboard } from './dashboard.js';
import { runOn } from './preview-dashboard.js';
import type { DashboardRun } from './run-dashboard.js';
import { DEFAULT_ROW_CAP } from './run-element.js';

export interface DashboardTestRun {
  projectRoot: string;
  env: string;
  /** The dashboards whose tests to run (loaded once by the caller, which also reports their errors). */
  dashboards: Dashboard[];
  /** Report every test as not run (an error of the run), for this reason, instead of running it. */
  skip?: string;
  /** Brings the environment up to date; called once, before the first dashboard runs. */
  ready: () => Promise<void>;
  /** Runs a dashboard's elements (default: on the local environment `env`; a warehouse passes its own). */
  run?: (dashboard: Dashboard) => Promise<DashboardRun>;
}

/**
 * The output tests declared under dashboard elements, run on the environment with the dashboards'
 * default parameter values, as results of the test report like any other: a failing one blocks the
 * release gate, and so the publish, through the report.
 */
export async function runDashboardTests(run: DashboardTestRun): Promise<TestResult[]> {
  const { projectRoot, env, skip } = run;
  const results: TestResult[] = [];
  let ready: Promise<void> | null = null;
  for (const dashboard of run.dashboards) {
    const declared = dashboard.elements.flatMap((e) => e.tests);
    if (declared.length === 0) continue;
    if (skip) {
      results.push(...declared.map((test) => notRunResult(test, skip)));
      continue;
    }
    const errors = dashboard.errors.filter((e) => e.severity === 'error');
    if (errors.length > 0) {
      const message = `dashboard '${dashboard.name}' has errors: ${errors.map((e) => `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`).join('; ')}`;
      results.push(...declared.map((test) => failed(test, message, 0)));
      continue;
    }
    ready ??= run.ready();
    await ready;
    // Only the elements that carry tests run: the others have nothing to report.
    const tested = dashboard.elements.filter((e) => e.tests.length > 0);
    const onlyTested = { ...dashboard, elements: tested };
    const ran = run.run ? await run.run(onlyTested) : (await runOn(projectRoot, env, onlyTested, {}, DEFAULT_ROW_CAP)).run;
    for (const [i, element] of ran.elements.entries()) {
      const tests = tested[i]?.tests ?? [];
      const share = element.ms / tests.length;
      for (const test of tests) {
        const outcome = element.tests.find((t) => t.id === test.id);
        if (!outcome) {
          results.push(failed(test, `element '${element.name}' did not run: ${element.error ?? 'no result'}`, share));
          continue;
        }
        const { status, observed, threshold, failing_rows, message } = outcome;
        results.push(resultOf(test, test.node, { status, observed, threshold, failing_rows, message }, share));
      }
    }
  }
  return results;
}

function failed(test: TestDeclaration, message: string, ms: number): TestResult {
  return resultOf(test, test.node, { status: 'error', observed: null, threshold: '', failing_rows: null, message }, ms);
}
