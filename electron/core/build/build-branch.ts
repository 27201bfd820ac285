import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import { asOfEnvName, assayPaths, emptyEnvName, envNameForBranch } from '../env/assay-paths.js';
import type { AsOf } from '../project/delivery-date.js';
import type { Project } from '../project/project.js';
import { recordAsOfUse } from '../env/as-of-use.js';
import { readCatalog } from '../env/catalog.js';
import { RunLog } from '../runs/run-log.js';
import { buildEnvironment } from './build-environment.js';
import { reusableProject } from './prepare-project.js';
import { checkoutTarget, resolveBuildTarget } from './build-target.js';

export interface BuildBranchOptions {
  projectRoot: string;
  /** Defaults to the checked-out branch. */
  branch?: string;
  /** The base environment branch environments reuse and are compared with; `main` unless the project says otherwise. */
  baseBranch?: string;
  select?: string[];
  /** With `select`: also build the selected nodes' ancestors the environment does not hold up to date (see buildEnvironment). */
  withUnbuiltAncestors?: boolean;
  exclude?: string[];
  /** dbt's `--vars`, for the branch and its base alike. */
  vars?: Record<string, unknown>;
  fullRefresh?: boolean;
  /** dbt's `--empty`: models read zero rows of what they ref() and source(), into the environment `<env>^empty` (see README). */
  empty?: boolean;
  /** `--as-of`: the lake as of a delivery date, into the environment `<env>^as-of~DATE` (see README). */
  asOf?: AsOf;
  concurrency?: number;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
  /** The checked-out branch's project as the app just read it from the working tree: its build reads no file again. */
  loaded?: Project;
  /** Lists the build in the branch's run history (and the base's, when it was built too): the builds a person asked for, not those a diff or a test run makes on the way. */
  record?: boolean;
}

export interface BranchBuild {
  base?: BuildSummary;
  target: BuildSummary;
}

/**
 * Builds a branch's environment. A branch other than the base first makes sure the base
 * environment exists and is at the base's commit (built from a worktree), so that the branch only
 * builds what it changed and can be compared with the base.
 */
export async function buildBranch(options: BuildBranchOptions): Promise<BranchBuild> {
  const baseBranch = options.baseBranch ?? 'main';
  const target = await resolveBuildTarget(options.projectRoot, options.branch);
  // The base is only looked up for a branch that has one: each lookup is git processes, on every save.
  // Neither an empty nor an as-of build needs the base: they are compared with each other, not with it.
  const apart = options.empty || options.asOf;
  const baseTarget = !target.branch || target.branch === baseBranch || apart ? null : await resolveBuildTarget(options.projectRoot, baseBranch).catch(() => null);
  let base: BuildSummary | undefined;
  // An empty build checks shapes: it neither needs nor compares with the base's data.
  if (target.branch && target.branch !== baseBranch && !apart) {
    if (baseTarget && !(await isCurrent(options.projectRoot, baseTarget.env, baseTarget.commit, baseTarget.fromWorkingTree))) {
      options.onEvent?.({ type: 'phase', env: baseTarget.env, phase: 'building-base', message: `building base environment '${baseBranch}' at ${baseTarget.commit?.slice(0, 8)} from a worktree` });
      await checkoutTarget(baseTarget);
      base = await buildEnvironment({
        projectRoot: options.projectRoot,
        buildRoot: baseTarget.buildRoot,
        env: baseTarget.env,
        branch: baseTarget.branch,
        commit: baseTarget.commit,
        vars: options.vars,
        concurrency: options.concurrency,
        signal: options.signal,
        onEvent: options.onEvent,
      });
    }
  }
  await checkoutTarget(target);
  // What gc goes by to drop an as-of environment: every build, diff and test run of one comes here.
  // Recorded first, so that a gc between this build and the read it serves finds it in use.
  if (options.asOf) await recordAsOfUse(assayPaths(options.projectRoot), environmentOf(target.env, options));
  const summary = await buildEnvironment({
    projectRoot: options.projectRoot,
    buildRoot: target.buildRoot,
    env: environmentOf(target.env, options),
    branch: target.branch,
    commit: target.commit,
    // An as-of environment grows its incremental models from its own deliveries only.
    seedFromEnv: target.branch !== baseBranch && !apart ? envNameForBranch(baseBranch) : undefined,
    select: options.select,
    withUnbuiltAncestors: options.withUnbuiltAncestors,
    exclude: options.exclude,
    vars: options.vars,
    fullRefresh: options.fullRefresh,
    empty: options.empty,
    asOf: options.asOf,
    concurrency: options.concurrency,
    signal: options.signal,
    onEvent: options.onEvent,
    loaded: reusableProject(target, options),
  });
  if (options.record && !apart) {
    const runs = new RunLog(assayPaths(options.projectRoot).runsDir);
    if (base) await runs.recordBuild(base);
    await runs.recordBuild(summary);
  }
  return { base, target: summary };
}

/** The environment a build writes: the branch's own, or the one beside it that an --empty or --as-of build makes. */
export function environmentOf(env: string, options: { empty?: boolean; asOf?: AsOf }): string {
  if (options.empty) return emptyEnvName(env);
  return options.asOf ? asOfEnvName(env, options.asOf.text) : env;
}

/** A base environment built from a worktree is current when it was built, successfully, at that commit. */
async function isCurrent(projectRoot: string, env: string, commit: string | null, fromWorkingTree: boolean): Promise<boolean> {
  if (fromWorkingTree) return false;
  const catalog = await readCatalog(assayPaths(projectRoot).envFile(env));
  return catalog.state === 'ok' && catalog.info.status === 'ok' && catalog.info.commit === commit;
}
