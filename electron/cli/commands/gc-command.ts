import { onWarehouse, warehouseGc } from './warehouse-commands.js';
import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { collectGarbage, DEFAULT_GRACE_MS, GarbageCollectionRefusedError, type GarbageCollection } from '../../core/env/collect-garbage.js';
import { refuseAsOfOnWarehouse } from '../as-of-option.js';
import { UsageError } from '../exit-codes.js';

export function registerGc(program: Command): void {
  program
    .command('gc')
    .description('remove the environments of deleted branches, as-of environments left unused, and the store files no environment reads any more')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--as-of', 'drop every as-of environment (<env>^as-of~DATE), however recently used: the next use builds it again, reusing the store')
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--json', 'print JSON')
    .option('--target <name>', "the profile's target: on a PostgreSQL target, drops the store objects no environment reads")
    .action(async (opts: { project: string; asOf?: boolean; dryRun?: boolean; json?: boolean; target?: string }) => {
      const root = path.resolve(opts.project);
      if (opts.target) process.env.DBT_TARGET = opts.target;
      if (await onWarehouse(root)) {
        refuseAsOfOnWarehouse(opts.asOf === true, 'assay gc');
        return warehouseGc(root, opts);
      }
      if (!(await access(path.join(root, 'dbt_project.yml')).then(() => true, () => false))) {
        throw new UsageError(`${root} is not a dbt project: it has no dbt_project.yml`);
      }
      const result = await collectGarbage({ projectRoot: root, dryRun: opts.dryRun, allAsOf: opts.asOf }).catch((err: unknown) => {
        throw err instanceof GarbageCollectionRefusedError ? new UsageError(err.message) : err;
      });
      if (opts.json) process.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun ?? false, ...result }, null, 2)}\n`);
      else printCollection(root, result, opts.dryRun ?? false);
    });
}

function printCollection(root: string, result: GarbageCollection, dryRun: boolean): void {
  const verb = dryRun ? 'would remove' : 'removed';
  for (const { env, branch, worktreeKept } of result.removedEnvs) {
    process.stdout.write(`${verb} environment '${env}': branch '${branch}' no longer exists${worktreeKept ? ` (its worktree was kept: ${worktreeKept})` : ''}\n`);
  }
  for (const { env, reason } of result.droppedAsOfEnvs) process.stdout.write(`${dryRun ? 'would drop' : 'dropped'} as-of environment '${env}': ${reason}\n`);
  for (const { env, id } of result.droppedCatalogs) process.stdout.write(`${verb} kept catalog ${id} of '${env}': beyond the history limit (assay: env_history)\n`);
  for (const { file, bytes } of result.removed) process.stdout.write(`${verb} ${path.relative(root, file)} (${humanBytes(bytes)})\n`);
  for (const { reason } of result.skippedEnvs) process.stdout.write(`skipped ${reason}\n`);
  const envs = result.envsRead.length ? result.envsRead.join(', ') : 'none';
  process.stdout.write(
    `${verb} ${result.removed.length} store file(s), ${dryRun ? 'would free' : 'freed'} ${humanBytes(result.bytesFreed)}; ` +
      `kept ${result.kept} (read by environments: ${envs}, by ${result.keptCatalogsRead} kept catalog(s) of their histories, or written in the last ${DEFAULT_GRACE_MS / 60_000} minutes)\n`,
  );
}

function humanBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
