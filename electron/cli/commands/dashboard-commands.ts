import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { ElementResult, ResolvedParameter } from '../../../shared/dashboard-types.js';
import { compareDashboards } from '../../core/dashboards/compare-dashboards.js';
import { DashboardError, readDashboards, runnableDashboard } from '../../core/dashboards/dashboard-source.js';
import { ParameterError } from '../../core/dashboards/parameter-values.js';
import { environmentOf, previewDashboard } from '../../core/dashboards/preview-dashboard.js';
import { publishDashboards } from '../../core/dashboards/publish/publish-dashboards.js';
import type { PublishStep } from '../../core/dashboards/publish/publish-progress.js';
import { renderSvg } from '../../core/dashboards/render-svg.js';
import { EnvironmentNotBuiltError } from '../../core/env/environment-reader.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { formatProblem } from '../load-for-cli.js';
import { ProgressDisplay } from '../progress-display.js';
import { previewDashboardOnWarehouse } from '../../core/warehouse/postgres/pg-dashboards.js';
import { WarehouseError } from '../../core/warehouse/postgres/pg-connection.js';
import { onWarehouse } from './warehouse-commands.js';
import { gateTargetName } from '../gate-target.js';
import { withProfileFlags } from '../profile-flags.js';

interface PreviewOpts { project: string; branch?: string; param: string[]; svg?: string; json?: boolean }

/** `assay dashboard list|preview|compare` and `assay publish`. */
export function registerDashboards(program: Command): void {
  const dashboard = program.command('dashboard').description('list, preview and compare the dashboards in dashboards/*.yml');
  dashboard
    .command('list')
    .description('every dashboard, with its problems (file:line)')
    .option('-p, --project <dir>', 'project folder', '.')
    .action(async (opts: { project: string }) => {
      const { dashboards } = await readDashboards(opts.project);
      for (const d of dashboards) {
        process.stdout.write(`${d.name.padEnd(24)} ${d.title}  (${d.elements.length} element(s), reads ${d.dependsOn.join(', ') || 'nothing'})\n`);
        for (const e of d.errors) process.stdout.write(`  ${formatProblem(e)}\n`);
      }
      if (dashboards.some((d) => d.errors.some((e) => e.severity === 'error'))) process.exitCode = ExitCode.usage;
    });

  dashboard
    .command('preview')
    .description("run a dashboard's queries on a branch's environment: rows per element, and SVGs with --svg")
    .argument('<name>', 'the dashboard (its file name without .yml)')
    .option('-b, --branch <branch>', 'branch or commit whose environment to read (default: the checked-out branch)')
    .option('--param <name=value...>', 'parameter values (a date range as start..end)', [])
    .option('--svg <dir>', 'write one SVG per element into this folder')
    .option('--json', 'print the preview as JSON')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--target <name>', "the profile's target: on a PostgreSQL target the queries run on the warehouse's environment")
    .action(async (name: string, opts: PreviewOpts & { target?: string }) => {
      if (opts.target) process.env.DBT_TARGET = opts.target;
      const onTarget = await onWarehouse(opts.project);
      const { dashboards } = onTarget ? { dashboards: [] } : await readDashboards(opts.project);
      const env = await environmentOf(opts.project, opts.branch);
      const preview = onTarget
        ? await usageErrors(() => previewDashboardOnWarehouse({ projectRoot: opts.project, branch: opts.branch, dashboard: name, params: parseParams(opts.param) }))
        : await usageErrors(() => previewDashboard({ projectRoot: opts.project, env, dashboard: runnableOrUsage(() => runnableDashboard(dashboards, name)), params: parseParams(opts.param) }));
      printParameterWarnings(preview.parameters);
      if (opts.json) process.stdout.write(`${JSON.stringify(preview, null, 2)}\n`);
      else printElements(`${preview.title} on ${env}`, preview.elements);
      if (opts.svg) await writeSvgs(opts.svg, preview.elements);
      const failing = (e: ElementResult) => e.error || e.tests.some((t) => t.severity === 'error' && (t.status === 'fail' || t.status === 'error'));
      if (preview.elements.some(failing)) process.exitCode = ExitCode.failed;
    });

  dashboard
    .command('compare')
    .description('one dashboard on two environments: the values that changed, per element')
    .argument('<name>', 'the dashboard')
    .argument('<base>', 'branch or commit to compare against, e.g. main')
    .argument('[compare]', 'branch or commit to compare (default: the checked-out branch)')
    .option('--param <name=value...>', 'parameter values', [])
    .option('-p, --project <dir>', 'project folder', '.')
    .action(async (name: string, base: string, compare: string | undefined, opts: { project: string; param: string[] }) => {
      const { dashboards } = await readDashboards(opts.project);
      const board = runnableOrUsage(() => runnableDashboard(dashboards, name));
      const [baseEnv, compareEnv] = [await environmentOf(opts.project, base), await environmentOf(opts.project, compare)];
      const result = await usageErrors(() => compareDashboards({ projectRoot: opts.project, dashboard: board, baseEnv, compareEnv, params: parseParams(opts.param) }));
      printParameterWarnings(result.parameters);
      process.stdout.write(`${result.title}: ${baseEnv} → ${compareEnv}\n`);
      for (const e of result.elements) {
        const error = e.base.error ?? e.compare.error;
        process.stdout.write(`  ${e.name.padEnd(28)} ${error ? `ERROR ${error}` : `${e.changes.length + e.moreChanges} changed value(s)`}\n`);
        for (const c of e.changes.slice(0, 10)) process.stdout.write(`    ${c.kind.padEnd(8)} ${JSON.stringify(c.key)} ${c.measure}: ${String(c.base)} → ${String(c.compare)}\n`);
      }
    });

  withProfileFlags(program
    .command('publish'))
    .description('publish dashboards as folders that open offline, after the release gate says go (on a PostgreSQL target: from its environment there)')
    .option('-d, --dashboard <name>', 'only this dashboard')
    .option('-o, --out <dir>', 'output folder (default: .assay/published)')
    .option('-p, --project <dir>', 'project folder', '.')
    .action(async (opts: { dashboard?: string; out?: string; project: string; target?: string }) => {
      const target = await gateTargetName(opts.project, opts.target);
      const display = new ProgressDisplay();
      const started = performance.now();
      const onStep = (step: PublishStep) => {
        display.finish();
        process.stderr.write(`publish ${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s  ${step.message}\n`);
      };
      const outcome = await usageErrors(() => publishDashboards({ projectRoot: opts.project, dashboard: opts.dashboard, outDir: opts.out, target, onStep, onEvent: display.onEvent }));
      display.finish();
      if (!outcome.published) {
        process.stderr.write(`not publishing: the release gate says no-go for ${outcome.verdict.commit?.slice(0, 10) ?? '(no commit)'}\n`);
        for (const r of outcome.verdict.reasons) process.stderr.write(`  ${r.ok ? '✔' : '✘'} ${r.check}: ${r.message}\n`);
        process.exitCode = ExitCode.failed;
        return;
      }
      for (const d of outcome.dashboards) process.stdout.write(`published ${d.name} → ${path.join(d.dir, 'index.html')} (commit ${d.manifest.commit?.slice(0, 10) ?? '-'})\n`);
    });
}

/** A select given a value that is none of its options would silently show no rows: say so, on stderr. */
function printParameterWarnings(parameters: ResolvedParameter[]): void {
  for (const p of parameters) if (p.warning) process.stderr.write(`warning: ${p.warning}\n`);
}

function printElements(heading: string, elements: ElementResult[]): void {
  process.stdout.write(`${heading}\n`);
  for (const e of elements) {
    const status = e.error ? `ERROR ${e.error}` : `${e.rows.length} row(s)${e.warning ? `  WARNING ${e.warning}` : ''}`;
    process.stdout.write(`  ${e.name.padEnd(28)} ${status}  ${e.ms.toFixed(0)} ms\n`);
    for (const t of e.tests) process.stdout.write(`    ${t.status.padEnd(7)} ${t.id}${t.message ? `: ${t.message}` : ''}\n`);
  }
}

async function writeSvgs(dir: string, elements: ElementResult[]): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const e of elements.filter((el) => !el.error)) {
    const file = path.join(dir, `${e.name}.svg`);
    await writeFile(file, await renderSvg(e));
    process.stdout.write(`  wrote ${file}\n`);
  }
}

/** `--param period=2024-01-01..2024-06-30 --param brand=Velmora --param top_n=5`. */
export function parseParams(pairs: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param ${pair}: write name=value`);
    const [name, value] = [pair.slice(0, eq), pair.slice(eq + 1)];
    const range = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(value);
    out[name] = range ? { start: range[1], end: range[2] } : value;
  }
  return out;
}

function runnableOrUsage<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DashboardError) throw new UsageError(err.message);
    throw err;
  }
}

/** A dashboard that cannot run or a parameter value it refuses is the user's to fix: exit 2, no stack. */
async function usageErrors<T>(fn: () => Promise<T>): Promise<T> {
  return fn().catch((err: unknown) => {
    throw err instanceof DashboardError || err instanceof ParameterError || err instanceof EnvironmentNotBuiltError || err instanceof WarehouseError ? new UsageError(err.message) : err;
  });
}
