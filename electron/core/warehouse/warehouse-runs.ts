import type { BuildEvent } from '../../../shared/build-types.js';
import { checkBranchName } from '../../../shared/git-ref-name.js';
import type {
  WarehouseBuildResult, WarehouseDiffResult, WarehouseEnvironmentList, WarehouseGcResult, WarehouseTestRun,
} from '../../../shared/warehouse-types.js';
import { resolveBuildTarget } from '../build/build-target.js';
import { assayPaths, ensureAssayDir, envNameForBranch } from '../env/assay-paths.js';
import { buildOnWarehouse, type WarehouseBuild } from './postgres/pg-build.js';
import { compileForWarehouse } from './postgres/pg-compile.js';
import { listWarehouseEnvironments } from './postgres/pg-catalog.js';
import { PgWarehouse } from './postgres/pg-connection.js';
import { diffOnWarehouse } from './postgres/pg-diff.js';
import { differing, diffReportOnWarehouse, warehouseSummaryOf } from './postgres/pg-diff-report.js';
import { collectWarehouseGarbage } from './postgres/pg-gc.js';
import { META_SCHEMA } from './postgres/pg-names.js';
import { describeTarget } from './postgres-target.js';
import { testOnWarehouse } from './warehouse-test-run.js';
import { warehouseTarget } from './profile-targets.js';

/**
 * What the app does on a PostgreSQL target of the profile, each a plain function of the project and
 * the target's name: the same steps as `assay build/test/diff/gc --target NAME`
 * (electron/cli/commands/warehouse-commands.ts), returning values instead of printing.
 */

export interface WarehouseBuildRequest {
  projectRoot: string;
  target: string;
  /** The checked-out branch unless named (another branch builds from its own commit, as on DuckDB). */
  branch?: string;
  fullRefresh?: boolean;
  /** dbt's selectors, as `assay build --select/--exclude --target`: what is left out keeps what the environment had. */
  select?: string[];
  exclude?: string[];
  /** dbt's --empty: into the environment `<env>^empty`. */
  empty?: boolean;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

/** The environments the target's server holds (none before the first build there). */
export async function warehouseEnvironments(projectRoot: string, targetName: string): Promise<WarehouseEnvironmentList> {
  return withWarehouse(targetName, projectRoot, async (warehouse) => {
    // Assay's bookkeeping schema is made by the first build: before it, there is nothing to list.
    const [bookkeeping] = await warehouse.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${META_SCHEMA}.environments`]);
    const environments = bookkeeping?.found ? await listWarehouseEnvironments(warehouse) : [];
    return { target: targetName, connection: warehouse.name, environments };
  });
}

export async function buildWarehouseBranch(request: WarehouseBuildRequest): Promise<WarehouseBuildResult> {
  return resultOf(await build(request));
}

/** Builds the branch's environment, then tests it as `assay test --target NAME` does (see warehouse-test-run.ts). */
export async function testWarehouseBranch(request: WarehouseBuildRequest): Promise<WarehouseTestRun> {
  await warehouseTarget(request.projectRoot, request.target);
  const { report, build: built } = await testOnWarehouse({ projectRoot: request.projectRoot, branch: request.branch, target: request.target, signal: request.signal, onEvent: request.onEvent });
  if (built.summary.status === 'cancelled') return { build: resultOf(built), results: [] };
  return { build: resultOf(built), results: report.tests, report };
}

/** How a diff matches rows: by this key (each model's own, from its tests, otherwise), numbers within the tolerance equal. */
export interface WarehouseDiffOptions {
  primaryKey?: string[];
  tolerance?: number;
}

/**
 * Compares two branches' environments on the target's server; `compare` is the checked-out branch unless named.
 * With a primary key or a tolerance, rows are matched by key there too (`byKey`, as `assay diff --primary-key --target`).
 */
export async function diffWarehouseBranches(projectRoot: string, targetName: string, base: string, compare?: string, options: WarehouseDiffOptions = {}): Promise<WarehouseDiffResult> {
  const baseEnv = envOf(base);
  const current = compare === undefined ? await resolveBuildTarget(projectRoot) : null;
  const compared = current ? { branch: current.branch ?? current.env, env: current.env } : { branch: compare as string, env: envOf(compare as string) };
  return withWarehouse(targetName, projectRoot, async (warehouse) => {
    const result = { target: targetName, connection: warehouse.name, base, compare: compared.branch };
    if (!options.primaryKey?.length && !options.tolerance) return { ...result, models: await diffOnWarehouse(warehouse, baseEnv, compared.env) };
    const { compiled } = await compileForWarehouse(projectRoot, current?.buildRoot ?? projectRoot, undefined, targetName).catch(() => ({ compiled: null }));
    const report = await diffReportOnWarehouse(warehouse, baseEnv, compared.env, { baseRef: base, compareRef: compared.branch, primaryKey: options.primaryKey, tolerance: options.tolerance, compiled });
    return { ...result, models: report.models.map(warehouseSummaryOf), byKey: differing(report) };
  });
}

/** Drops (or, with dryRun, lists) the store objects no environment of the server reads. */
export async function collectWarehouseStore(projectRoot: string, targetName: string, dryRun: boolean): Promise<WarehouseGcResult> {
  return withWarehouse(targetName, projectRoot, async (warehouse) => ({ target: targetName, dryRun, ...(await collectWarehouseGarbage(warehouse, { dryRun })) }));
}

async function build(request: WarehouseBuildRequest): Promise<WarehouseBuild> {
  // Read first, so that a target that is not a warehouse (or cannot be read) is named as such.
  await warehouseTarget(request.projectRoot, request.target);
  // The build keeps its file hashes in .assay/: made here with its own .gitignore, or a project never
  // built locally shows .assay/ as an uncommitted change and refuses the next branch switch.
  await ensureAssayDir(assayPaths(request.projectRoot));
  return buildOnWarehouse({
    projectRoot: request.projectRoot, branch: request.branch, target: request.target, fullRefresh: request.fullRefresh,
    select: request.select, exclude: request.exclude, empty: request.empty, signal: request.signal, onEvent: request.onEvent,
  });
}

function resultOf(built: WarehouseBuild): WarehouseBuildResult {
  return { target: built.target.name, connection: describeTarget(built.target), schemas: built.schemas, summary: built.summary };
}

async function withWarehouse<T>(targetName: string, projectRoot: string, work: (warehouse: PgWarehouse) => Promise<T>): Promise<T> {
  const warehouse = await PgWarehouse.connect(await warehouseTarget(projectRoot, targetName));
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}

function envOf(branch: string): string {
  const invalid = checkBranchName(branch);
  if (invalid) throw new Error(`invalid branch name '${branch}': ${invalid}`);
  return envNameForBranch(branch);
}
