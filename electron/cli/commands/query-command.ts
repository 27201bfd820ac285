import path from 'node:path';
import type { Command } from 'commander';
import type { ConsoleResult } from '../../../shared/preview-query.js';
import { resolveBuildTarget } from '../../core/build/build-target.js';
import { queryEnvironment } from '../../core/workbench/environment-console.js';
import { EnvironmentNotBuiltError } from '../../core/env/environment-reader.js';
import { UsageError } from '../exit-codes.js';
import { loadCompiled } from '../load-for-cli.js';

const MAX_LIMIT = 5000;
const CELL_WIDTH = 40;

/** `assay query "<sql>"`: the app's SQL console on the command line, with the same guard and limits. */
export function registerQuery(program: Command): void {
  program
    .command('query')
    .description("run one read-only SELECT on the current branch's environment and print its rows")
    .argument('<sql>', 'a single SELECT (no COPY, ATTACH, SET, ...)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--limit <rows>', `at most this many rows (1 to ${MAX_LIMIT})`, '1000')
    .option('--json', 'print JSON: columns, rows, and whether more rows were left unread')
    .action(async (sql: string, opts: { project: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!/^\d+$/.test(opts.limit.trim()) || limit < 1 || limit > MAX_LIMIT) throw new UsageError(`--limit ${opts.limit}: give a whole number of rows from 1 to ${MAX_LIMIT}`);
      const root = path.resolve(opts.project);
      const { compiled } = await loadCompiled(root);
      const { env } = await resolveBuildTarget(root);
      const result = await queryEnvironment({ projectRoot: root, compiled, env, sql, limit }).catch((err: unknown) => {
        throw err instanceof EnvironmentNotBuiltError ? new UsageError(`${err.message} (assay build)`) : err;
      });
      process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : table(result));
    });
}

function table(result: ConsoleResult): string {
  const names = result.columns.map((column) => column.name);
  const cells = result.rows.map((row) => names.map((name) => cellText(row[name])));
  const widths = names.map((name, i) => Math.max(name.length, ...cells.map((row) => (row[i] as string).length)));
  const line = (values: string[]) => values.map((value, i) => value.padEnd(widths[i] as number)).join('  ').trimEnd();
  const lines = [line(names), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)];
  const count = `${result.rows.length} row(s)${result.truncated ? `: the first ${result.limit}, more were not read (--limit)` : ''}`;
  return `${lines.join('\n')}\n${count}\n`;
}

function cellText(value: unknown): string {
  const text = value === null || value === undefined ? 'null' : typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value as number | boolean);
  const oneLine = text.replace(/\s*\n\s*/g, ' ');
  return oneLine.length > CELL_WIDTH ? `${oneLine.slice(0, CELL_WIDTH - 1)}…` : oneLine;
}
