import type { RefreshStep, RefreshStepName, RefreshVerdict } from '../../../shared/refresh-types.js';
import { BuildTargetError } from '../build/build-target.js';
import { ProjectLoadError } from '../build/project-load-error.js';
import { DashboardError } from '../dashboards/dashboard-source.js';
import { DepsError } from '../dbt/packages/deps-error.js';
import { EnvironmentLockedError } from '../env/env-lock.js';

/** What a step came to; `stop` ends the refresh there with that verdict. */
export type StepOutcome = Omit<RefreshStep, 'step' | 'ms'> & { stop?: RefreshVerdict };

/**
 * Runs one step and times it. An exception becomes the step's failure, with the verdict its kind
 * says (a project or package error: `error`; an environment another build holds: `busy`), so the
 * refresh is logged whatever happened.
 */
export async function timeStep<T extends StepOutcome>(step: RefreshStepName, run: () => Promise<T>): Promise<{ step: RefreshStep; outcome: T | StepOutcome }> {
  const started = performance.now();
  let outcome: T | StepOutcome;
  try {
    outcome = await run();
  } catch (err) {
    outcome = failure(err);
  }
  const { status, message, counts, reasons } = outcome;
  const shown: RefreshStep = { step, status, ms: Math.round(performance.now() - started), message };
  if (counts) shown.counts = counts;
  if (reasons?.length) shown.reasons = reasons;
  return { step: shown, outcome };
}

function failure(err: unknown): StepOutcome {
  const message = err instanceof Error ? err.message : String(err);
  const [first = message, ...rest] = message.split('\n');
  const reasons = rest.length > 0 ? [first, ...rest] : undefined;
  if (err instanceof EnvironmentLockedError) return { status: 'failed', message: first, stop: 'busy' };
  if (err instanceof ProjectLoadError || err instanceof BuildTargetError || err instanceof DepsError || err instanceof DashboardError) {
    return { status: 'failed', message: first, reasons, stop: 'error' };
  }
  return { status: 'failed', message: first, reasons, stop: 'failed' };
}

/** The line of a step an earlier one stopped the refresh before. */
export function notRun(step: RefreshStepName, because: RefreshStep): RefreshStep {
  return { step, status: 'not-run', ms: 0, message: `not run: ${because.step} ${because.status}` };
}
