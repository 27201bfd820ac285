import type { Command } from 'commander';
import type { TestStage } from '../../../shared/project-types.js';
import { runVerdict } from '../../../shared/run-verdict.js';
import { diffEnvironments } from '../../core/diff/diff-environments.js';
import { runTestPipeline } from '../../core/tests/test-pipeline.js';
import { withProfileFlags } from '../profile-flags.js';
import { onWarehouse, warehouseTest } from './warehouse-commands.js';
import { parseVars, varsHelp } from '../vars-option.js';
import { asOfOption, asOfRef, refuseAsOfOnWarehouse } from '../as-of-option.js';
import { UsageError } from '../exit-codes.js';
import { ProgressDisplay } from '../progress-display.js';
import { printResults, writeReports } from '../test-report-output.js';

const stages = ['input', 'business-logic', 'output'];

interface TestCommandOptions {
  project: string;
  branch?: string;
  select?: string[];
  stage?: string;
  unit?: boolean;
  asOf?: string;
  sample: number;
  base?: string;
  json?: string;
  junit?: string;
  html?: string;
  markdown?: string;
}

export function registerTest(program: Command): void {
  withProfileFlags(program
    .command('test'))
    .description('run input, business-logic and output tests (building first when the environment is stale)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-b, --branch <name>', 'branch to test (default: the checked-out branch)')
    .option('-s, --select <selectors...>', 'test only these nodes (or test ids)')
    .option('--stage <stage>', 'only one stage: input, business-logic or output')
    .option('--unit', 'only the dbt unit tests (unit_tests: in YAML), in memory, building nothing')
    .option('--as-of <date>', "test the lake as of DATE (YYYY-MM or YYYY-MM-DD): the environment <env>^as-of~DATE, built from the dated sources' deliveries made by then")
    .option('--base <ref>', 'add the diff against this branch or commit (e.g. main) to the reports')
    .option('--sample <n>', 'failing rows kept per failing test', (v) => Number.parseInt(v, 10), 5)
    .option('--json <file>', 'write the JSON report')
    .option('--junit <file>', 'write JUnit XML')
    .option('--html <file>', 'write the self-contained HTML report')
    .option('--markdown <file>', 'write Markdown for a pull-request comment')
    .option('--vars <yaml>', varsHelp)
    .action(async (opts: TestCommandOptions & { vars?: string }) => {
      const vars = parseVars(opts.vars);
      if (await onWarehouse(opts.project)) {
        refuseAsOfOnWarehouse(opts.asOf !== undefined, 'assay test');
        return warehouseTest({ project: opts.project, branch: opts.branch, vars, json: opts.json, junit: opts.junit, html: opts.html, markdown: opts.markdown });
      }
      if (opts.stage && !stages.includes(opts.stage)) throw new UsageError(`--stage must be one of ${stages.join(', ')}, not '${opts.stage}'`);
      const asOf = opts.asOf === undefined ? undefined : asOfOption(opts.asOf);
      const display = new ProgressDisplay();
      const controller = new AbortController();
      process.once('SIGINT', () => controller.abort());
      const report = await runTestPipeline({
        projectRoot: opts.project, branch: opts.branch, select: opts.select, stage: opts.stage as TestStage | undefined,
        unitOnly: opts.unit, asOf, sampleSize: opts.sample, vars, signal: controller.signal, onEvent: display.onEvent,
      });
      const compare = asOf ? asOfRef(opts.branch, asOf) : opts.branch;
      if (opts.base) report.diff = await diffEnvironments({ projectRoot: opts.project, base: opts.base, compare, onEvent: display.onEvent });
      display.finish();
      await writeReports(report, opts);
      printResults(report);
      process.exitCode = runVerdict(report).exitCode;
    });
}
