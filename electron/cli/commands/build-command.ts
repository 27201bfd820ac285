import type { Command } from 'commander';
import type { BuildSummary } from '../../../shared/build-types.js';
import { buildBranch } from '../../core/build/build-branch.js';
import { asOfOption } from '../as-of-option.js';
import { ExitCode } from '../exit-codes.js';
import { formatProblem } from '../load-for-cli.js';
import { ProgressDisplay } from '../progress-display.js';
import { withProfileFlags } from '../profile-flags.js';
import { onWarehouse, warehouseBuild } from './warehouse-commands.js';
import { parseVars, varsHelp } from '../vars-option.js';

export function registerBuild(program: Command): void {
  withProfileFlags(program
    .command('build'))
    .description("build the branch's DuckDB environment (only what changed)")
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-b, --branch <name>', 'branch to build (default: the checked-out branch)')
    .option('-s, --select <selectors...>', 'nodes to build: name, +name, name+, tag:x, path:dir, package:x, resource_type:seed, state:modified')
    .option('--exclude <selectors...>', 'nodes to leave out (same selectors)')
    .option('--full-refresh', 'rebuild everything, incremental models from scratch')
    .option('--empty', emptyHelp)
    .option('--as-of <date>', "read the dated sources' deliveries (meta.deliveries) made by DATE only (YYYY-MM or YYYY-MM-DD), in the environment <env>^as-of~DATE; assay diff names it as-of~DATE")
    .option('--vars <yaml>', varsHelp)
    .option('--concurrency <n>', 'nodes built at once', (v) => Number.parseInt(v, 10), 2)
    .option('--json', 'print the build summary as JSON on stdout')
    .action(async (opts: BuildOptions) => runBuild(opts));
  // dbt's narrower commands: the same build, limited to one kind of node.
  for (const [name, type, what] of [['seed', 'seed', 'load the seeds'], ['run', 'model', 'build the models'], ['snapshot', 'snapshot', 'take the snapshots']] as const) {
    withProfileFlags(program
      .command(name))
      .description(`${what} (assay build --select resource_type:${type})`)
      .option('-p, --project <dir>', 'project folder', '.')
      .option('-b, --branch <name>', 'branch to build (default: the checked-out branch)')
      .option('-s, --select <selectors...>', `which of them (default: every ${type})`)
      .option('--exclude <selectors...>', 'nodes to leave out')
      .option('--full-refresh', 'rebuild them from scratch')
      .option('--empty', emptyHelp)
      .option('--vars <yaml>', varsHelp)
      .option('--concurrency <n>', 'nodes built at once', (v) => Number.parseInt(v, 10), 2)
      .option('--json', 'print the build summary as JSON on stdout')
      .action(async (opts: BuildOptions) => {
        const others = ['model', 'seed', 'snapshot', 'source'].filter((t) => t !== type).map((t) => `resource_type:${t}`);
        await runBuild({ ...opts, select: opts.select ?? [`resource_type:${type}`], exclude: [...(opts.exclude ?? []), ...others] });
      });
  }
}

const emptyHelp = "read zero rows of every ref() and source(): check the models' SQL and columns without their data, in the environment <env>^empty";

interface BuildOptions {
  project: string;
  branch?: string;
  select?: string[];
  exclude?: string[];
  fullRefresh?: boolean;
  empty?: boolean;
  asOf?: string;
  vars?: string;
  concurrency: number;
  json?: boolean;
}

async function runBuild(opts: BuildOptions): Promise<void> {
  const vars = parseVars(opts.vars);
  if (await onWarehouse(opts.project)) return warehouseBuild({ ...opts, vars });
  const asOf = opts.asOf === undefined ? undefined : asOfOption(opts.asOf);
  const display = new ProgressDisplay();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  const result = await buildBranch({
    projectRoot: opts.project, branch: opts.branch, select: opts.select, exclude: opts.exclude, fullRefresh: opts.fullRefresh, empty: opts.empty, asOf, vars,
    concurrency: opts.concurrency, signal: controller.signal, onEvent: display.onEvent, record: true,
  });
  display.finish();
  const summary = result.target;
  if (opts.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else printSummary(summary);
  process.exitCode = exitCodeOf(summary);
}

function printSummary(summary: BuildSummary): void {
  // One problem is printed once, however many nodes it touches (a ref() cycle names each of its nodes).
  const lines = [...new Set(summary.errors.map((e) => formatProblem(e)))];
  for (const line of lines) process.stderr.write(`${line}\n`);
  const count = (status: string) => summary.nodes.filter((n) => n.status === status).length;
  const parts = [`${count('built')} built`, `${count('reused')} reused`, `${count('failed')} failed`, `${count('skipped')} skipped`];
  const projectErrors = lines.filter((line) => line.startsWith('error:')).length;
  const errorNote = projectErrors > 0 ? `; ${projectErrors} project error${projectErrors === 1 ? '' : 's'}` : '';
  process.stderr.write(`${summary.env}: ${summary.status} (${parts.join(', ')}${errorNote}) in ${summary.ms} ms; env fingerprint ${summary.envFingerprint.slice(0, 12)}\n`);
}

/** 2 when the project has an error (whatever else happened), 1 when a node failed or the build was cancelled. */
function exitCodeOf(summary: BuildSummary): number {
  if (summary.errors.some((e) => e.severity !== 'warning')) return ExitCode.usage;
  if (summary.status === 'failed' || summary.status === 'cancelled') return ExitCode.failed;
  return ExitCode.ok;
}
