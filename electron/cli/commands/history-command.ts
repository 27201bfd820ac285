import path from 'node:path';
import type { Command } from 'commander';
import { describeRunCounts, type RunRecord } from '../../../shared/run-history-types.js';
import { branchHistory, branchRun } from '../../core/runs/branch-history.js';
import { UnknownRunError } from '../../core/runs/run-log.js';
import { UsageError } from '../exit-codes.js';

interface HistoryOptions {
  project: string;
  branch?: string;
  run?: string;
  json?: boolean;
}

export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("list the branch's builds and test runs, newest first, with their commit, time and counts")
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-b, --branch <name>', 'whose runs (default: the checked-out branch)')
    .option('--run <id>', "print one run as JSON: the test run's report, or the build's summary")
    .option('--json', 'print JSON')
    .action(async (opts: HistoryOptions) => {
      const root = path.resolve(opts.project);
      if (opts.run) {
        const detail = await branchRun(root, opts.run, opts.branch).catch((err: unknown) => {
          throw err instanceof UnknownRunError ? new UsageError(err.message) : err;
        });
        process.stdout.write(`${JSON.stringify(detail, null, 2)}\n`);
        return;
      }
      const history = await branchHistory(root, opts.branch);
      if (opts.json) {
        process.stdout.write(`${JSON.stringify(history, null, 2)}\n`);
        return;
      }
      const name = history.branch ?? history.env;
      if (history.runs.length === 0) {
        process.stdout.write(`${name}: no builds or test runs recorded yet\n`);
        return;
      }
      process.stdout.write(`${name}: ${history.runs.length} run(s), newest first (assay history --run <id> prints one)\n`);
      for (const run of history.runs) process.stdout.write(`${runLine(run)}\n`);
    });
}

/** `2025-03-01 10:00:02  tests  3fa9c1d2  failed  9 passed, 1 failed, ...  <id>`, in local time. */
function runLine(run: RunRecord): string {
  const commit = (run.commit ?? 'no commit').slice(0, 8).padEnd(9);
  const what = run.kind === 'build' ? run.status : run.outcome;
  const scope = run.kind === 'tests' && run.scope ? ` (${run.scope})` : '';
  return `${localTime(run.finishedAt)}  ${run.kind.padEnd(5)}  ${commit}  ${what.padEnd(10)}  ${describeRunCounts(run)}${scope}  ${run.id}`;
}

function localTime(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())} ${two(at.getHours())}:${two(at.getMinutes())}:${two(at.getSeconds())}`;
}
