import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import type { DiffReport } from '../../../shared/diff-types.js';
import { diffEnvironments } from '../../core/diff/diff-environments.js';
import { diffQuery } from '../../core/diff/query-diff.js';
import { diffHtml } from '../../core/reports/diff-html.js';
import { diffMarkdown } from '../../core/reports/diff-markdown.js';
import { UsageError } from '../exit-codes.js';
import { ProgressDisplay } from '../progress-display.js';
import { onWarehouse, warehouseDiff } from './warehouse-commands.js';

interface DiffCommandOptions {
  project: string;
  model?: string[];
  primaryKey?: string;
  tolerance: number;
  all?: boolean;
  query?: string;
  sample: number;
  json?: string;
  html?: string;
  markdown?: string;
}

export function registerDiff(program: Command): void {
  program
    .command('diff')
    .description('what COMPARE (default: the checked-out branch) changes in the data against BASE (branches or commits)')
    .argument('<base>', 'branch or commit to compare against, e.g. main')
    .argument('[compare]', 'branch or commit to compare (default: the checked-out branch, with uncommitted edits)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-m, --model <names...>', 'only these models')
    .option('-k, --primary-key <cols>', 'comma-separated key columns to match rows by')
    .option('-t, --tolerance <x>', 'numeric differences up to x are not changes', (v) => Number.parseFloat(v), 0)
    .option('--all', 'every model, not only the changed ones and their descendants')
    .option('-q, --query <sql>', "diff the result of one query (with ref()) instead of the models")
    .option('--sample <n>', 'sample rows kept per model', (v) => Number.parseInt(v, 10), 10)
    .option('--json <file>', 'write the JSON report')
    .option('--html <file>', 'write a self-contained HTML report')
    .option('--markdown <file>', 'write Markdown for a pull-request comment')
    .option('--target <name>', "the profile's target: a PostgreSQL target diffs its environments on the warehouse")
    .action(async (base: string, compare: string | undefined, opts: DiffCommandOptions & { target?: string }) => {
      if (opts.target) process.env.DBT_TARGET = opts.target;
      if (await onWarehouse(opts.project)) return warehouseDiff(opts.project, base, compare, opts);
      if (!Number.isFinite(opts.tolerance) || opts.tolerance < 0) throw new UsageError('--tolerance must be a number ≥ 0');
      const display = new ProgressDisplay();
      const primaryKey = opts.primaryKey?.split(',').map((k) => k.trim()).filter(Boolean);
      if (opts.query) {
        const result = await diffQuery({ projectRoot: opts.project, base, compare, sql: opts.query, primaryKey, tolerance: opts.tolerance, sampleSize: opts.sample });
        display.finish();
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return;
      }
      const report = await diffEnvironments({
        projectRoot: opts.project, base, compare, models: opts.model, all: opts.all, sampleSize: opts.sample, tolerance: opts.tolerance,
        primaryKey, onEvent: display.onEvent,
      });
      display.finish();
      await write(opts.json, () => `${JSON.stringify(report, null, 2)}\n`);
      await write(opts.html, () => diffHtml(report));
      await write(opts.markdown, () => diffMarkdown(report));
      printSummary(report);
    });
}

async function write(file: string | undefined, render: () => string): Promise<void> {
  if (!file) return;
  await mkdir(path.dirname(path.resolve(file)), { recursive: true });
  await writeFile(file, render());
}

function printSummary(report: DiffReport): void {
  process.stdout.write(`${report.base.ref} → ${report.compare.ref}: ${report.models.length} model(s) differ\n`);
  for (const m of report.models) {
    const r = m.rows;
    const schema = [...m.schema.added.map((c) => `+${c.name}`), ...m.schema.removed.map((c) => `-${c.name}`), ...m.schema.retyped.map((c) => `~${c.name}`)].join(' ');
    process.stdout.write(`  ${m.name.padEnd(28)} ${`${m.status}${m.change ? `/${m.change}` : ''}`.padEnd(18)} rows ${r.base ?? '-'} → ${r.compare ?? '-'}  +${r.added ?? '?'} -${r.removed ?? '?'} ~${r.changed ?? '?'}  ${schema}${m.error ? `  ERROR ${m.error}` : ''}\n`);
  }
}
