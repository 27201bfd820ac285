import { access, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { prepareProject } from '../../core/build/prepare-project.js';
import { checkoutTarget, resolveBuildTarget } from '../../core/build/build-target.js';
import { GenerateError, generateUnitTest } from '../../core/unit-tests/generate-unit-test.js';
import { UsageError } from '../exit-codes.js';

interface UnitTestOptions {
  project: string;
  branch?: string;
  generate?: string;
  rows: number;
  output?: string;
}

export function registerUnitTest(program: Command): void {
  program
    .command('unit-test')
    .description('write a starting dbt unit test for a model from a sample of its inputs in the branch environment (run them with assay test --unit)')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-b, --branch <name>', 'branch whose built environment is sampled (default: the checked-out branch)')
    .requiredOption('--generate <model>', 'the model to write a unit test for')
    .option('--rows <n>', 'rows sampled from the model\'s first input', (v) => Number.parseInt(v, 10), 3)
    .option('-o, --output <file>', 'write the YAML to this file (refused when it exists) instead of printing it')
    .action(async (opts: UnitTestOptions) => {
      if (!Number.isInteger(opts.rows) || opts.rows < 1) throw new UsageError('--rows must be a whole number of at least 1');
      if (opts.output && (await access(opts.output).then(() => true, () => false))) throw new UsageError(`${opts.output} exists: name a new file, or print the test and paste it`);
      const target = await resolveBuildTarget(opts.project, opts.branch);
      await checkoutTarget(target);
      const { compiled } = await prepareProject(opts.project, target.buildRoot);
      const yaml = await generateUnitTest({ compiled, projectRoot: opts.project, env: target.env, model: opts.generate as string, rows: opts.rows }).catch((err: unknown) => {
        throw err instanceof GenerateError ? new UsageError(err.message) : err;
      });
      if (opts.output) await writeFile(opts.output, yaml);
      else process.stdout.write(yaml);
    });
}
