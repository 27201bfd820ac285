import { checkBranchName } from '../../../../shared/git-ref-name.js';
import { envNameForBranch, envNameProblem } from '../assay-paths.js';

export class EnvironmentNameError extends Error {}

/**
 * The environment of a branch named on the command line or by the UI. Environments are named
 * as branches are (a clone's or an import's too), so git's rules for a branch name apply: that
 * also keeps every name a plain file name inside `.assay/` (no `..`, no leading `/`).
 */
export function environmentOf(name: string, role = 'environment'): string {
  const invalid = checkBranchName(name);
  if (invalid) throw new EnvironmentNameError(`${invalid.replace('invalid branch name', `invalid ${role} name`)} (environments are named as git branches are)`);
  const env = envNameForBranch(name);
  const problem = envNameProblem(env);
  if (problem) throw new EnvironmentNameError(`invalid ${role} name '${name.slice(0, 40)}…': ${problem}`);
  return env;
}
