import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BuildSummary } from '../../../shared/build-types.js';
import type { DiffReport } from '../../../shared/diff-types.js';
import { envNameForBranch } from '../../core/env/assay-paths.js';
import { currentBranch } from '../../core/git/branches.js';
import { knownRepo, openRepo } from '../../core/git/open-repo.js';
import { ProjectLoadError } from '../../core/build/project-load-error.js';
import { diffHtml } from '../../core/reports/diff-html.js';
import { diffMarkdown } from '../../core/reports/diff-markdown.js';
import { buildOnWarehouse, type WarehouseBuild } from '../../core/warehouse/postgres/pg-build.js';
import { compileForWarehouse } from '../../core/warehouse/postgres/pg-compile.js';
import { diffQueryOnWarehouse, QueryDiffRefused } from '../../core/warehouse/postgres/pg-query-diff.js';
import { PgWarehouse, WarehouseError } from '../../core/warehouse/postgres/pg-connection.js';
import { diffOnWarehouse, WarehouseDiffError, type WarehouseNodeDiff } from '../../core/warehouse/postgres/pg-diff.js';
import { differing, diffReportOnWarehouse, warehouseSummaryOf } from '../../core/warehouse/postgres/pg-diff-report.js';
import { collectWarehouseGarbage } from '../../core/warehouse/postgres/pg-gc.js';
import { WarehouseBusyError } from '../../core/warehouse/postgres/pg-lock.js';
import { selectedWarehouse } from '../../core/warehouse/selected-target.js';
import { testOnWarehouse } from '../../core/warehouse/warehouse-test-run.js';
import { runVerdict } from '../../../shared/run-verdict.js';
import { printResults, writeReports, type ReportFiles } from '../test-report-output.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { formatProblem } from '../load-for-cli.js';
import { ProgressDisplay } from '../progress-display.js';

/** True when the profile's selected target is a warehouse: build, test, diff and gc then run there. */
export async function onWarehouse(projectDir: string): Promise<boolean> {
  return (await selectedWarehouse(projectDir)) !== null;
}

export async function warehouseBuild(opts: { project: string; branch?: string; fullRefresh?: boolean; vars?: Record<string, unknown>; json?: boolean; select?: string[]; exclude?: string[]; empty?: boolean; asOf?: string }): Promise<void> {
  refuseLocalOnly(opts);
  const built = await build(opts);
  if (opts.json) process.stdout.write(`${JSON.stringify(built.summary, null, 2)}\n`);
  printBuild(built);
  process.exitCode = built.summary.status === 'failed' || built.summary.status === 'cancelled' ? ExitCode.failed : ExitCode.ok;
}

/** `assay test --target NAME`: the same report as a local run (see warehouse-test-run.ts), the same exit codes. */
export async function warehouseTest(opts: { project: string; branch?: string; vars?: Record<string, unknown> } & ReportFiles): Promise<void> {
  const display = new ProgressDisplay();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  let outcome;
  try {
    outcome = await testOnWarehouse({ projectRoot: opts.project, branch: opts.branch, vars: opts.vars, signal: controller.signal, onEvent: display.onEvent }).catch(usage);
  } finally {
    display.finish();
  }
  printBuild(outcome.build);
  await writeReports(outcome.report, opts);
  printResults(outcome.report);
  process.exitCode = outcome.build.summary.status === 'cancelled' ? ExitCode.failed : runVerdict(outcome.report).exitCode;
}

export async function warehouseDiff(projectDir: string, base: string, compare: string | undefined, opts: { json?: string; query?: string; model?: string[]; primaryKey?: string; tolerance?: number; all?: boolean; html?: string; markdown?: string; sample?: number }): Promise<void> {
  const tolerance = opts.tolerance ?? 0;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new UsageError('--tolerance must be a number ≥ 0');
  const primaryKey = opts.primaryKey?.split(',').map((k) => k.trim()).filter(Boolean);
  const keyed = [primaryKey?.length && '--primary-key', tolerance > 0 && '--tolerance'].filter(Boolean);
  if (opts.query && keyed.length > 0) throw new UsageError(`${keyed.join(', ')} with --query ${keyed.length === 1 ? 'is' : 'are'} not available on PostgreSQL targets yet: the warehouse query diff compares whole rows`);
  const target = await selectedWarehouse(projectDir);
  if (!target) throw new UsageError('no warehouse target selected');
  const compareEnv = envNameForBranch(compare ?? (await checkedOutBranch(projectDir)));
  const warehouse = await PgWarehouse.connect(target).catch(usage);
  try {
    if (opts.query) {
      const { compiled, renderer } = await compileForWarehouse(projectDir, projectDir);
      const result = await diffQueryOnWarehouse({ warehouse, compiled, renderer, sql: opts.query, baseEnv: envNameForBranch(base), compareEnv }).catch(usage);
      process.stdout.write(`${JSON.stringify({ base, compare: compareEnv, target: target.name, query: opts.query, ...result }, null, 2)}\n`);
      return;
    }
    // Rows matched by key (and the local diff's reports) are what --primary-key, --tolerance, --html and --markdown ask for.
    if (primaryKey?.length || tolerance > 0 || opts.html || opts.markdown) {
      const { compiled } = await compileForWarehouse(projectDir, projectDir).catch(() => ({ compiled: null }));
      const report = await diffReportOnWarehouse(warehouse, envNameForBranch(base), compareEnv, {
        baseRef: base, compareRef: compare ?? compareEnv, primaryKey, tolerance, sampleSize: opts.sample, models: opts.model, compiled,
      }).catch(usage);
      const shown = opts.all || opts.model?.length ? report : differing(report);
      await writeReport(opts.json, () => `${JSON.stringify({ base, compare: compareEnv, target: target.name, models: report.models.map(warehouseSummaryOf), byKey: shown }, null, 2)}\n`);
      await writeReport(opts.html, () => diffHtml(shown));
      await writeReport(opts.markdown, () => diffMarkdown(shown));
      printKeyDiff(shown);
      return;
    }
    const all = await diffOnWarehouse(warehouse, envNameForBranch(base), compareEnv).catch(usage);
    const diffs = opts.model?.length ? all.filter((d) => opts.model?.includes(d.node)) : all;
    if (opts.json) await writeFile(opts.json, `${JSON.stringify({ base, compare: compareEnv, target: target.name, models: diffs }, null, 2)}\n`);
    printDiff(base, compareEnv, diffs, opts.all ?? false);
  } finally {
    await warehouse.close();
  }
}

export async function warehouseGc(projectDir: string, opts: { dryRun?: boolean; json?: boolean }): Promise<void> {
  const target = await selectedWarehouse(projectDir);
  if (!target) throw new UsageError('no warehouse target selected');
  const warehouse = await PgWarehouse.connect(target).catch(usage);
  try {
    const result = await collectWarehouseGarbage(warehouse, { dryRun: opts.dryRun }).catch(usage);
    if (opts.json) process.stdout.write(`${JSON.stringify({ dryRun: opts.dryRun ?? false, ...result }, null, 2)}\n`);
    else {
      for (const name of result.dropped) process.stdout.write(`${opts.dryRun ? 'would drop' : 'dropped'} assay_store.${name}\n`);
      for (const { name, readBy } of result.held) process.stdout.write(`kept assay_store.${name}: no environment reads it, but ${readBy} does\n`);
      process.stdout.write(`${opts.dryRun ? 'would drop' : 'dropped'} ${result.dropped.length} store object(s) on ${warehouse.name}; kept ${result.kept} read by environments\n`);
    }
  } finally {
    await warehouse.close();
  }
}

async function build(opts: { project: string; branch?: string; fullRefresh?: boolean; vars?: Record<string, unknown>; select?: string[]; exclude?: string[]; empty?: boolean }): Promise<WarehouseBuild> {
  const display = new ProgressDisplay();
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  try {
    return await buildOnWarehouse({
      projectRoot: opts.project, branch: opts.branch, fullRefresh: opts.fullRefresh, vars: opts.vars, select: opts.select, exclude: opts.exclude, empty: opts.empty, signal: controller.signal, onEvent: display.onEvent,
    }).catch(usage);
  } finally {
    display.finish();
  }
}

/** What only DuckDB environments have yet: refused, never quietly ignored. */
function refuseLocalOnly(opts: { asOf?: string }): void {
  if (opts.asOf) throw new UsageError('--as-of is not available on PostgreSQL targets yet; build without, or on DuckDB (the default target)');
}

async function checkedOutBranch(projectDir: string): Promise<string> {
  const opened = (await knownRepo(projectDir)) ?? (await openRepo(projectDir));
  const repo = 'ok' in opened ? (opened.ok ? opened.repo : null) : opened;
  const head = repo ? await currentBranch(repo) : null;
  if (!head?.ok || !head.branch) throw new UsageError('name the environment to compare: assay diff BASE COMPARE --target NAME');
  return head.branch;
}

function usage(err: unknown): never {
  if (err instanceof WarehouseError || err instanceof WarehouseBusyError || err instanceof WarehouseDiffError || err instanceof QueryDiffRefused || err instanceof ProjectLoadError) throw new UsageError(err.message);
  throw err;
}

function printBuild(built: WarehouseBuild): void {
  const summary: BuildSummary = built.summary;
  for (const line of new Set(summary.errors.map((e) => formatProblem(e)))) process.stderr.write(`${line}\n`);
  for (const node of summary.nodes.filter((n) => n.status === 'failed')) process.stderr.write(`error: ${node.error ?? node.node}\n`);
  const count = (status: string) => summary.nodes.filter((n) => n.status === status).length;
  process.stderr.write(`${summary.env} on ${built.target.name} (${Object.values(built.schemas).join(', ')}): ${summary.status} (${count('built')} built, ${count('reused')} reused, ${count('failed')} failed, ${count('skipped')} skipped) in ${summary.ms} ms\n`);
}

async function writeReport(file: string | undefined, render: () => string): Promise<void> {
  if (!file) return;
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, render());
}

/** As the local diff prints its report, with why a model's rows were not matched by key. */
function printKeyDiff(report: DiffReport): void {
  process.stdout.write(`${report.base.ref} → ${report.compare.ref}: ${report.models.filter((m) => m.status !== 'unchanged').length} model(s) differ\n`);
  for (const m of report.models) {
    const r = m.rows;
    const schema = [...m.schema.added.map((c) => `+${c.name}`), ...m.schema.removed.map((c) => `-${c.name}`), ...m.schema.retyped.map((c) => `~${c.name}`)].join(' ');
    const columns = Object.entries(m.columns).filter(([, c]) => (c.changed ?? 0) > 0).map(([name, c]) => `${name}(${c.changed})`).join(' ');
    process.stdout.write(`  ${m.name.padEnd(28)} ${`${m.status}${m.change ? `/${m.change}` : ''}`.padEnd(18)} rows ${r.base ?? '-'} → ${r.compare ?? '-'}  +${r.added ?? '?'} -${r.removed ?? '?'} ~${r.changed ?? '?'}${m.primary_key ? ` by ${m.primary_key.join(', ')}` : ''}  ${columns ? `changed ${columns} ` : ''}${schema}${m.error ? `  ERROR ${m.error}` : ''}\n`);
  }
  for (const m of report.models.filter((x) => x.key_note && x.status !== 'unchanged')) process.stderr.write(`note: ${m.name}: ${m.key_note}\n`);
}

function printDiff(base: string, compare: string, diffs: WarehouseNodeDiff[], all: boolean): void {
  const changed = diffs.filter((d) => all || d.status !== 'unchanged');
  process.stdout.write(`${base} → ${compare}: ${changed.length} model(s) differ\n`);
  for (const d of changed) {
    const columns = [...d.columnsAdded.map((c) => `+${c}`), ...d.columnsRemoved.map((c) => `-${c}`)].join(' ');
    process.stdout.write(`  ${d.node.padEnd(28)} ${`${d.status}${d.change ? `/${d.change}` : ''}`.padEnd(18)} rows ${d.rowsBase ?? '-'} → ${d.rowsCompare ?? '-'}  only in ${base} ${d.onlyBase ?? '-'}, only in ${compare} ${d.onlyCompare ?? '-'}  ${columns}\n`);
  }
}
