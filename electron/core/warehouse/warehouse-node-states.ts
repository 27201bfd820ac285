import type { NodeState } from '../../../shared/api.js';
import { NOT_SELECTED } from '../../../shared/build-types.js';
import type { WarehouseNodeStates } from '../../../shared/warehouse-types.js';
import { checkoutTarget, resolveBuildTarget } from '../build/build-target.js';
import { assayPaths } from '../env/assay-paths.js';
import { FileHashes } from '../env/file-hashes.js';
import { fingerprintProject } from '../env/fingerprint.js';
import { readWarehouseCatalog, readWarehouseEnvironment, type WarehouseEntry } from './postgres/pg-catalog.js';
import { compileWarehouseProject } from './postgres/pg-compile.js';
import { PgWarehouse, WarehouseError } from './postgres/pg-connection.js';
import { META_SCHEMA } from './postgres/pg-names.js';
import { warehouseTarget } from './profile-targets.js';

/**
 * Every node of the project as a branch's environment on a PostgreSQL target holds it (the lineage's
 * states, as nodeStates gives them for the local DuckDB environment): built, reused, failed, not
 * built, or stale (built from SQL, config or data that have changed since), read from the
 * environment's rows in `assay_meta` and compared with the fingerprints the project has now,
 * compiled for PostgreSQL. The branch is the checked-out one (its working tree, edits included)
 * unless named. An environment never built there is an error that says how to build it.
 */
export async function warehouseNodeStates(projectRoot: string, targetName: string, branch?: string): Promise<WarehouseNodeStates> {
  const target = await warehouseTarget(projectRoot, targetName);
  const buildTarget = await resolveBuildTarget(projectRoot, branch);
  const { env } = buildTarget;
  const warehouse = await PgWarehouse.connect(target, 0);
  let read: Awaited<ReturnType<typeof readEnvironment>>;
  try {
    read = await readEnvironment(warehouse, env);
  } finally {
    await warehouse.close();
  }
  if (!read) throw new WarehouseError(`${warehouse.name} has no environment '${env}': build it first (assay build --target ${target.name}${branch ? ` --branch ${branch}` : ''})`);
  await checkoutTarget(buildTarget);
  const { compiled } = await compileWarehouseProject(buildTarget.buildRoot, undefined, targetName);
  // Read, never saved: a build owns the cache, and saving here could race with it.
  const fingerprints = await fingerprintProject(compiled, await FileHashes.open(assayPaths(projectRoot).fileHashes));
  const { environment, entries } = read;
  return {
    target: target.name, connection: warehouse.name, env, branch: environment.branch, commit: environment.commit, builtAt: environment.builtAt, status: environment.status,
    nodes: compiled.order.filter((id) => compiled.nodes.has(id)).map((id) => stateOf(id, entries.get(id), fingerprints.get(id))),
  };
}

/** The environment's row and its nodes; null before the first build of it (or of anything) on the server. */
async function readEnvironment(warehouse: PgWarehouse, env: string) {
  const [bookkeeping] = await warehouse.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [`${META_SCHEMA}.environments`]);
  const environment = bookkeeping?.found ? await readWarehouseEnvironment(warehouse, env) : null;
  return environment ? { environment, entries: await readWarehouseCatalog(warehouse, env) } : null;
}

/**
 * One node's state. A node whose last build failed keeps its previous result on the warehouse (the
 * catalog says `carried`, with the failure, and the fingerprint of that older result): unless the
 * project is back at that result's fingerprint, it is shown failed (skipped, below a failure), with
 * the error and the rows it still serves. The fingerprint the failed attempt had is not kept, so an
 * edit made since the failure still shows failed, not stale, until the next build.
 */
export function stateOf(node: string, entry: WarehouseEntry | undefined, fingerprint: string | undefined): NodeState {
  // Left out of a selective build and never built before: not built, not skipped over a failure.
  if (!entry || (entry.status === 'skipped' && entry.error === NOT_SELECTED)) return { node, status: 'not-built' };
  const rows = entry.rows === null ? {} : { rows: entry.rows };
  const error = entry.error ? { error: entry.error } : {};
  if (entry.status === 'carried' && entry.error && entry.fingerprint !== fingerprint) return { node, status: entry.error.startsWith('skipped: ') ? 'skipped' : 'failed', ...rows, ...error };
  return { node, status: entry.fingerprint === fingerprint ? entry.status : 'stale', ...rows, ...error };
}
