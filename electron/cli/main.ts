import '../core/engine/query-thread-pool.js';
import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { ProjectLoadError } from '../core/build/project-load-error.js';
import { BuildTargetError } from '../core/build/build-target.js';
import { UserQueryError } from '../core/diff/user-query-guard.js';
import { EnvironmentLockedError } from '../core/env/env-lock.js';
import { RefreshBusyError } from '../core/refresh/refresh-lock.js';
import { RefreshRefusedError } from '../core/refresh/run-refresh.js';
import { registerBuild } from './commands/build-command.js';
import { registerCompile } from './commands/compile-command.js';
import { registerDashboards } from './commands/dashboard-commands.js';
import { registerDeps } from './commands/deps-command.js';
import { registerDiff } from './commands/diff-command.js';
import { registerEnv } from './commands/env-commands.js';
import { registerGc } from './commands/gc-command.js';
import { registerHistory } from './commands/history-command.js';
import { registerLs } from './commands/ls-command.js';
import { registerQuery } from './commands/query-command.js';
import { registerRefresh } from './commands/refresh-command.js';
import { registerRunOperation } from './commands/run-operation-command.js';
import { registerRelease } from './commands/release-commands.js';
import { registerServe } from './commands/serve-command.js';
import { registerSuggestTests } from './commands/suggest-tests-command.js';
import { registerTest } from './commands/test-command.js';
import { registerUnitTest } from './commands/unit-test-command.js';
import { registerVerify } from './commands/verify-command.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { formatProblem } from './load-for-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

const program = new Command('assay')
  .description('Assay: build, test, diff and publish git-branched analytics projects')
  .version(version)
  .exitOverride();
registerBuild(program);
registerCompile(program);
registerLs(program);
registerServe(program);
registerTest(program);
registerUnitTest(program);
registerSuggestTests(program);
registerDiff(program);
registerRelease(program);
registerDashboards(program);
registerGc(program);
registerEnv(program);
registerHistory(program);
registerQuery(program);
registerVerify(program);
registerDeps(program);
registerRunOperation(program);
registerRefresh(program);

// `assay ls | head` closes the pipe early; that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

try {
  await program.parseAsync(process.argv);
} catch (err) {
  process.exitCode = report(err);
}

function report(err: unknown): number {
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (err instanceof ProjectLoadError) {
    process.stderr.write(`${err.errors.map(formatProblem).join('\n')}\n`);
    return ExitCode.usage;
  }
  if (err instanceof RefreshBusyError) {
    process.stderr.write(`assay: ${err.message}\n`);
    return ExitCode.busy;
  }
  if (err instanceof UsageError || err instanceof RefreshRefusedError || err instanceof BuildTargetError || err instanceof EnvironmentLockedError || err instanceof UserQueryError) {
    process.stderr.write(`assay: ${err.message}\n`);
    return err instanceof EnvironmentLockedError ? ExitCode.failed : ExitCode.usage;
  }
  const badName = undecodableFileName(err);
  if (badName) {
    process.stderr.write(`assay: ${badName}: this file name is not valid UTF-8 (shown with � where its bytes could not be read); rename the file\n`);
    return ExitCode.usage;
  }
  process.stderr.write(`assay: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  return ExitCode.failed;
}

/** A file listed under a name Node could not decode cannot be opened by that name: the path to name, if that is the failure. */
function undecodableFileName(err: unknown): string | null {
  const { code, path: file } = (err ?? {}) as NodeJS.ErrnoException;
  return code === 'ENOENT' && typeof file === 'string' && file.includes('\uFFFD') ? file : null;
}
