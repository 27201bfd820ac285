import type { Command } from 'commander';
import type { RefreshVerdict } from '../../../shared/refresh-types.js';
import { RefreshBusyError } from '../../core/refresh/refresh-lock.js';
import { stepLine } from '../../core/refresh/refresh-log-text.js';
import { runRefresh, type RefreshOptions } from '../../core/refresh/run-refresh.js';
import { watchSources } from '../../core/refresh/watch-sources.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { ProgressDisplay } from '../progress-display.js';

interface RefreshCommandOptions {
  project: string;
  publish?: boolean;
  out?: string;
  branch?: string;
  remote?: string;
  pull: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** `assay refresh` and `assay watch`: the one command a scheduler calls, and the same run on new lake files (issue 17). */
export function registerRefresh(program: Command): void {
  withRefreshOptions(program.command('refresh'))
    .description('pull → deps → build → test → publish (with --publish, only on the release gate\'s go), once, under a lock; exit 0 ok, 1 failed, 2 usage or project error, 3 gate no-go, 4 pull failed, 5 already running')
    .option('--json', 'print the refresh summary (every step with its status, time and counts; the verdict; what was published where) as JSON on stdout')
    .option('-q, --quiet', 'print nothing when the refresh succeeds (for cron, which mails any output)')
    .action(async (opts: RefreshCommandOptions) => {
      const display = new ProgressDisplay(process.stderr, Boolean(process.stderr.isTTY) && !opts.quiet);
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const record = await runRefresh({
        ...refreshOptions(opts),
        signal: controller.signal,
        onEvent: opts.quiet || !process.stderr.isTTY ? undefined : display.onEvent,
        onStep: opts.quiet ? undefined : (step) => {
          display.finish();
          process.stderr.write(`${stepLine(step, 20)}\n`);
        },
      }).catch((err: unknown) => {
        // A script reading --json gets an answer even when the refresh never started (exit 5 follows).
        if (opts.json && err instanceof RefreshBusyError) {
          process.stdout.write(`${JSON.stringify({ verdict: 'busy', exitCode: ExitCode.busy, message: err.message, holder: err.owner }, null, 2)}\n`);
        }
        throw err;
      });
      display.finish();
      const exitCode = exitCodeOf(record.verdict);
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...record, exitCode }, null, 2)}\n`);
      else if (!opts.quiet || exitCode !== ExitCode.ok) process.stdout.write(`${record.message}\n`);
      if (opts.quiet && exitCode !== ExitCode.ok) for (const step of record.steps) process.stderr.write(`${stepLine(step, 20)}\n`);
      process.exitCode = exitCode;
    });

  withRefreshOptions(program.command('watch'))
    .description("refresh when files land in a source's folder (debounced; one refresh at a time, a change during one queues one more); Ctrl+C stops")
    .option('--debounce <ms>', 'quiet time after the last file event before refreshing', (v) => positiveInt(v, '--debounce'), 2000)
    .option('--no-initial', 'do not refresh once at start (by default it does: files may have landed while nothing watched)')
    .action(async (opts: RefreshCommandOptions & { debounce: number; initial: boolean }) => {
      const controller = new AbortController();
      const watch = await watchSources({
        projectRoot: opts.project,
        refresh: { ...refreshOptions(opts), signal: controller.signal },
        debounceMs: opts.debounce,
        initial: opts.initial,
        onRefresh: (outcome) => process.stdout.write(`${new Date().toISOString()}  ${outcome.line}\n`),
        onWatching: (watched) => {
          for (const w of watched.watched) process.stderr.write(`watching ${w.glob} (${w.sources.join(', ')})\n`);
          for (const n of watched.notWatched) process.stderr.write(`not watching ${n.source}: ${n.reason}\n`);
        },
      });
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
      process.stderr.write('stopping: the refresh under way, if any, is cancelled and logged\n');
      controller.abort();
      await watch.close();
      process.stderr.write('stopped\n');
    });
}

function withRefreshOptions(command: Command): Command {
  return command
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--publish', "publish the dashboards when the release gate says go (not again when nothing is new)")
    .option('-o, --out <dir>', 'where to publish (default: .assay/published)')
    .option('-b, --branch <name>', 'the branch this job refreshes: refused (exit 2) when another one is checked out')
    .option('--remote <name>', "the remote to pull from (default: the branch's upstream, else origin)")
    .option('--no-pull', 'build the checkout as it is (CI checked the commit out already)');
}

function refreshOptions(opts: RefreshCommandOptions): RefreshOptions {
  return { projectRoot: opts.project, publish: opts.publish, outDir: opts.out, branch: opts.branch, remote: opts.remote, pull: opts.pull };
}

export function exitCodeOf(verdict: RefreshVerdict): number {
  switch (verdict) {
    case 'ok': return ExitCode.ok;
    case 'failed':
    case 'cancelled': return ExitCode.failed;
    case 'error': return ExitCode.usage;
    case 'no-go': return ExitCode.noGo;
    case 'pull-failed': return ExitCode.pullFailed;
    case 'busy': return ExitCode.busy;
    default: return verdict satisfies never;
  }
}

function positiveInt(value: string, option: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${option} must be a whole number of milliseconds, not '${value}'`);
  return n;
}
