import path from 'node:path';
import type { Command } from 'commander';
import type { KeptCatalog } from '../../../shared/env-history-types.js';
import { UnknownCatalogError } from '../../core/env/history/catalog-history.js';
import { StoreFilesMissingError } from '../../core/env/history/catalog-store-files.js';
import { cloneEnvironment, EnvironmentExistsError } from '../../core/env/history/clone-environment.js';
import { exportEnvironment, ExportFailedError } from '../../core/env/history/export-environment.js';
import { ImportRefusedError, importEnvironment } from '../../core/env/history/import-environment.js';
import { environmentHistory } from '../../core/env/history/environment-history.js';
import { EnvironmentNameError } from '../../core/env/history/environment-name.js';
import { HistoryLimitError } from '../../core/env/history/history-limit.js';
import { restoreEnvironment } from '../../core/env/history/restore-environment.js';
import { UsageError } from '../exit-codes.js';

interface ProjectOption {
  project: string;
}

/**
 * `assay env …` (issue 17): an environment's kept catalogs, restoring one, cloning an environment,
 * and moving one to another machine as a single file.
 */
export function registerEnv(program: Command): void {
  const env = program.command('env').description("an environment's kept catalogs: history, restore, clone, export, import");

  env
    .command('history')
    .description("list the catalogs a branch's environment keeps, newest first: id, commit, time, build and test status, the current one marked")
    .argument('<branch>', 'the branch whose environment')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (branch: string, opts: ProjectOption & { json?: boolean }) => {
      const history = await environmentHistory(path.resolve(opts.project), branch).catch(asUsage);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
        return;
      }
      if (history.catalogs.length === 0) {
        process.stdout.write(`${branch}: no catalogs kept yet (every build of the branch keeps the one it publishes)\n`);
        return;
      }
      process.stdout.write(`${branch}: ${history.catalogs.length} catalog(s), newest first; up to ${history.limit} besides the current one are kept (assay env restore ${branch} --to <id>)\n`);
      for (const catalog of history.catalogs) process.stdout.write(`${catalogLine(catalog)}\n`);
    });

  env
    .command('restore')
    .description("make a kept catalog the branch's current environment again, without rebuilding")
    .argument('<branch>', 'the branch whose environment')
    .requiredOption('--to <id>', 'the catalog to restore (its id, from assay env history)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--verify', 'hash every store file the catalog reads first (as assay verify), not only check its size and time as a build does')
    .option('--json', 'print JSON')
    .action(async (branch: string, opts: ProjectOption & { to: string; json?: boolean; verify?: boolean }) => {
      const restored = await refusedIsFailure(restoreEnvironment(path.resolve(opts.project), branch, opts.to, { verify: opts.verify }).catch(asUsage));
      if (!restored) return;
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(restored, null, 2)}\n`);
        return;
      }
      const { restored: catalog } = restored;
      process.stdout.write(
        `restored '${branch}' to catalog ${catalog.id} (commit ${catalog.commit?.slice(0, 8) ?? 'none'}, built ${localTime(catalog.builtAt)}); ` +
          `${restored.storeFilesChecked} store file(s) checked ${opts.verify ? 'against their hashes' : 'by size and time'}; ${restored.previousId ? `the catalog it replaced is kept as ${restored.previousId}` : 'the catalog it replaced was not in the history'}\n`,
      );
    });

  env
    .command('clone')
    .description('make environment <to> a zero-copy clone of <from>: a catalog of its own over the same store files')
    .argument('<from>', 'the branch whose environment to clone')
    .argument('<to>', 'the new environment (named as a branch is); it must not exist')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (from: string, to: string, opts: ProjectOption & { json?: boolean }) => {
      const cloned = await refusedIsFailure(cloneEnvironment(path.resolve(opts.project), from, to).catch(asUsage));
      if (!cloned) return;
      if (opts.json) process.stdout.write(`${JSON.stringify(cloned, null, 2)}\n`);
      else process.stdout.write(`cloned '${from}' to '${to}' (catalog ${cloned.id}, commit ${cloned.commit?.slice(0, 8) ?? 'none'}); no data was copied\n`);
    });

  env
    .command('export')
    .description("write a branch's environment to one self-contained file: its catalog, the store files it reads, and a manifest of their hashes")
    .argument('<branch>', 'the branch whose environment')
    .argument('<file>', 'the file to write (a tar archive)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (branch: string, file: string, opts: ProjectOption & { json?: boolean }) => {
      const exported = await refusedIsFailure(exportEnvironment(path.resolve(opts.project), branch, file).catch(asUsage));
      if (!exported) return;
      if (opts.json) process.stdout.write(`${JSON.stringify({ file: exported.file, bytes: exported.bytes, storeFiles: exported.storeFiles }, null, 2)}\n`);
      else process.stdout.write(`exported '${branch}' (commit ${exported.manifest.commit?.slice(0, 8) ?? 'none'}) to ${exported.file}: the catalog and ${exported.storeFiles} store file(s), ${exported.bytes} bytes\n`);
    });

  env
    .command('import')
    .description('read an exported environment, checking every file against its hash; refuses a truncated or altered file and then changes nothing')
    .argument('<file>', 'a file written by assay env export')
    .argument('[name]', 'the environment to import it as (default: the branch it was exported from)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (file: string, name: string | undefined, opts: ProjectOption & { json?: boolean }) => {
      const imported = await refusedIsFailure(importEnvironment(path.resolve(opts.project), file, name).catch(asUsage));
      if (!imported) return;
      if (opts.json) process.stdout.write(`${JSON.stringify(imported, null, 2)}\n`);
      else process.stdout.write(`imported ${path.resolve(file)} as '${imported.env}' (catalog ${imported.id}, commit ${imported.commit?.slice(0, 8) ?? 'none'}); every file matched its hash\n`);
    });
}

/**
 * Refusals a user can act on are usage errors (exit 2: a bad name, an unknown id, a bad limit);
 * a restore, clone or export refused for missing store files, or an import refused for a truncated or
 * altered file, could not run (exit 1).
 */
function asUsage(err: unknown): never {
  if (err instanceof UnknownCatalogError || err instanceof EnvironmentNameError || err instanceof HistoryLimitError || err instanceof EnvironmentExistsError) throw new UsageError(err.message);
  throw err;
}

/** Prints a refusal that changed nothing, without a stack trace, and exits 1. */
async function refusedIsFailure<T>(work: Promise<T>): Promise<T | null> {
  try {
    return await work;
  } catch (err) {
    if (!(err instanceof StoreFilesMissingError || err instanceof ImportRefusedError || err instanceof ExportFailedError)) throw err;
    process.stderr.write(`assay: ${err.message}\n`);
    process.exitCode = 1;
    return null;
  }
}

/** `* 20250301T101502123Z-3fa9c1  2025-03-01 10:15:02  3fa9c1d2  build ok (9 built, 3 reused)  tests passed`. */
function catalogLine(catalog: KeptCatalog): string {
  const marker = catalog.current ? '*' : ' ';
  const commit = (catalog.commit ?? 'no commit').slice(0, 8).padEnd(9);
  const { built, reused, failed } = catalog.build.counts;
  const origin = catalog.origin.kind === 'build' ? `build ${catalog.build.status} (${built} built, ${reused} reused${failed ? `, ${failed} failed` : ''})` : `${catalog.origin.kind} of ${catalog.origin.from}`;
  const tests = catalog.tests ? `tests ${catalog.tests.outcome}${catalog.tests.scope ? ` (${catalog.tests.scope})` : ''}` : 'tests not run';
  return `${marker} ${catalog.id}  ${localTime(catalog.keptAt)}  ${commit}  ${origin.padEnd(34)}  ${tests}${catalog.current ? '  (current)' : ''}`;
}

function localTime(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}
