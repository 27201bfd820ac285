import { profileTargets, TargetNotWarehouseError, warehouseTarget } from '../core/warehouse/profile-targets.js';
import { selectedWarehouse } from '../core/warehouse/selected-target.js';
import { UsageError } from './exit-codes.js';

/**
 * The warehouse target a release gate (release-check, merge) tests on: the one `--target` names,
 * which the profile must have and Assay must be able to use (a DuckDB one gates on DuckDB), or,
 * with no `--target`, the profile's selected target when it is a warehouse; undefined: DuckDB.
 * A named target that is not usable is an error naming it, never a quiet fall back to DuckDB.
 */
export async function gateTargetName(projectDir: string, named: string | undefined): Promise<string | undefined> {
  if (named === undefined) return (await selectedWarehouse(projectDir))?.name;
  const output = (await profileTargets(projectDir)).targets.find((t) => t.name === named);
  if (output?.type === 'duckdb') return undefined;
  if (output && output.type !== 'postgres') throw new UsageError(`target '${named}' is a ${output.type || 'typeless'} target: the release gate runs on DuckDB or on a type: postgres target`);
  // Unknown, or a PostgreSQL one that cannot be read (a missing env_var): warehouseTarget says why, naming it.
  await warehouseTarget(projectDir, named).catch((err: unknown) => {
    throw err instanceof TargetNotWarehouseError ? new UsageError(err.message) : err;
  });
  return named;
}
