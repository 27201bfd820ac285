import { access } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { verifyStore } from '../../core/env/verify-store.js';
import { ExitCode, UsageError } from '../exit-codes.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('hash every store file again: any not what was written is moved aside, to be rebuilt by the next build (exit 1)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--json', 'print JSON')
    .action(async (opts: { project: string; json?: boolean }) => {
      const root = path.resolve(opts.project);
      if (!(await access(path.join(root, 'dbt_project.yml')).then(() => true, () => false))) {
        throw new UsageError(`${root} is not a dbt project: it has no dbt_project.yml`);
      }
      const result = await verifyStore(root);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      } else {
        const rel = (file: string) => path.relative(root, file);
        for (const c of result.changed) process.stdout.write(`changed: ${rel(c.file)}: ${c.reason}; moved to ${rel(c.movedTo)}, the next build writes it again\n`);
        for (const file of result.recorded) process.stdout.write(`recorded: ${rel(file)} had no record (written before records were kept)\n`);
        const verdict = result.changed.length === 0 ? 'all as written' : `${result.changed.length} not as written`;
        process.stdout.write(`verified ${result.checked} store file${result.checked === 1 ? '' : 's'}: ${verdict}\n`);
      }
      process.exitCode = result.changed.length === 0 ? ExitCode.ok : ExitCode.failed;
    });
}
