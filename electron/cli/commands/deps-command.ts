import type { Command } from 'commander';
import { DepsError, formatDepsProblem } from '../../core/dbt/packages/deps-error.js';
import { installPackages, type DepsResult } from '../../core/dbt/packages/install-packages.js';
import { ExitCode } from '../exit-codes.js';

export function registerDeps(program: Command): void {
  program
    .command('deps')
    .description('install the dbt packages of packages.yml / dependencies.yml into packages-install-path, as dbt deps does')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--upgrade', 'resolve the versions again from packages.yml, ignoring package-lock.yml')
    .option('--lock', 'only resolve the packages and write package-lock.yml; install nothing')
    .option('--json', 'print the result as JSON on stdout')
    .action(async (opts: { project: string; upgrade?: boolean; lock?: boolean; json?: boolean }) => {
      let result: DepsResult;
      try {
        result = await installPackages({
          projectRoot: opts.project, upgrade: opts.upgrade, lockOnly: opts.lock,
          onProgress: (line) => process.stderr.write(`${line}\n`),
        });
      } catch (err) {
        if (!(err instanceof DepsError)) throw err;
        for (const problem of err.problems) process.stderr.write(`error: ${formatDepsProblem(problem)}\n`);
        process.exitCode = ExitCode.usage;
        return;
      }
      if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else printResult(result);
    });
}

function printResult(result: DepsResult): void {
  if (result.status === 'none') {
    process.stdout.write('no packages declared (packages.yml or dependencies.yml); nothing to install\n');
    return;
  }
  const width = (pick: (p: DepsResult['packages'][number]) => string) => Math.max(0, ...result.packages.map((p) => pick(p).length));
  const nameWidth = width((p) => p.name);
  const versionWidth = width((p) => p.version);
  for (const p of result.packages) {
    const commit = p.commit ? p.commit.slice(0, 12) : '-'.padEnd(12);
    process.stdout.write(`${p.name.padEnd(nameWidth)}  ${p.version.padEnd(versionWidth)}  ${commit}  ${p.source} ${p.from}\n`);
  }
  const count = `${result.packages.length} package${result.packages.length === 1 ? '' : 's'}`;
  const lock = result.lockWritten ? '; package-lock.yml written' : '';
  const what = {
    installed: `installed ${count} into ${result.installPath}/${lock}`,
    'up-to-date': `${result.installPath}/ is up to date with package-lock.yml (${count}; nothing fetched)`,
    locked: result.lockWritten ? `locked ${count} in package-lock.yml (nothing installed)` : `package-lock.yml is up to date (${count}; nothing installed)`,
  }[result.status];
  process.stderr.write(`${what} in ${result.ms} ms\n`);
}
