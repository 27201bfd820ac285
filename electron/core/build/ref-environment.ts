import type { BuildEvent } from '../../../shared/build-types.js';
import { parseAsOfRef } from '../env/assay-paths.js';
import { parseAsOf } from '../project/delivery-date.js';
import { buildBranch, environmentOf } from './build-branch.js';
import { resolveBuildTarget, type BuildTarget } from './build-target.js';

/**
 * The environment a ref names, built or brought up to date first: a branch or a commit, or
 * `as-of~DATE` / `BRANCH^as-of~DATE`, the lake as of a delivery (README, "The lake as of a delivery").
 */
export async function builtEnvironment(projectRoot: string, ref: string | undefined, onEvent?: (event: BuildEvent) => void): Promise<BuildTarget> {
  const asOfRef = parseAsOfRef(ref);
  const branch = refCode(ref);
  const asOf = asOfRef ? parseAsOf(asOfRef.asOf) : undefined;
  const target = await resolveBuildTarget(projectRoot, branch);
  await buildBranch({ projectRoot, branch, asOf, onEvent });
  return { ...target, env: environmentOf(target.env, { asOf }) };
}

/** The branch or commit whose files a ref reads: an as-of ref reads its branch's. */
export function refCode(ref: string | undefined): string | undefined {
  const asOfRef = parseAsOfRef(ref);
  return asOfRef ? asOfRef.branch : ref;
}
