import { installPackages } from '../dbt/packages/install-packages.js';
import { formatDepsProblem, DepsError } from '../dbt/packages/deps-error.js';
import type { StepOutcome } from './refresh-step.js';

/**
 * `assay deps` when the project declares packages: installs what package-lock.yml pins (or what
 * packages.yml asks for, writing the lock), and touches nothing, network included, when the
 * install folder already matches the lock. A package problem stops the refresh (`error`).
 */
export async function depsStep(projectRoot: string, onProgress?: (line: string) => void): Promise<StepOutcome> {
  try {
    const result = await installPackages({ projectRoot, onProgress });
    const counts = { packages: result.packages.length };
    const lock = result.lockWritten ? '; package-lock.yml written (commit it)' : '';
    switch (result.status) {
      case 'none':
        return { status: 'skipped', message: 'no packages declared (packages.yml or dependencies.yml)' };
      case 'up-to-date':
        return { status: 'unchanged', message: `${result.installPath}/ matches package-lock.yml`, counts };
      case 'installed':
      case 'locked':
        return { status: 'ok', message: `installed ${result.packages.map((p) => `${p.name} ${p.version}`).join(', ')} into ${result.installPath}/${lock}`, counts };
      default:
        return result.status satisfies never;
    }
  } catch (err) {
    if (!(err instanceof DepsError)) throw err;
    return { status: 'failed', message: `the packages could not be installed: ${formatDepsProblem(err.problems[0] ?? { message: err.message })}`, reasons: err.problems.map(formatDepsProblem), stop: 'error' };
  }
}
