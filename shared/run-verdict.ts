import type { TestResult, TestRunReport } from './test-types.js';

/**
 * When a test run is green: the one rule `assay test`, the reports, the release gate and the UI
 * apply (README, "What makes a command fail").
 */
export interface RunVerdict {
  outcome: 'passed' | 'warned' | 'failed';
  /** `assay test`'s exit code: 0 green, 1 a test failed or could not run, 2 the project has errors. */
  exitCode: 0 | 1 | 2;
  /** The results that make the run fail, each naming its cause. */
  failing: TestResult[];
}

/**
 * A result fails the run when an error-level test failed, or when anything could not run: a test
 * that errored (whatever its severity: it measured nothing), a test whose node did not build, a
 * node that failed to build, an error in the project's files. `skipped` is only what was not
 * selected (or a variation with nothing to compare yet), and does not fail a run.
 */
export function failsRun(result: TestResult): boolean {
  return result.status === 'error' || (result.status === 'fail' && result.severity === 'error');
}

export function runVerdict(report: Pick<TestRunReport, 'tests' | 'project_errors'>): RunVerdict {
  const failing = report.tests.filter(failsRun);
  const projectErrors = (report.project_errors ?? []).filter((e) => e.severity === 'error');
  const exitCode = projectErrors.length > 0 ? 2 : failing.length > 0 ? 1 : 0;
  const outcome = exitCode !== 0 ? 'failed' : report.tests.some((t) => t.status === 'warn' || t.status === 'fail') ? 'warned' : 'passed';
  return { outcome, exitCode, failing };
}
