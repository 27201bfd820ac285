import type { Command } from 'commander';
import { ExitCode } from '../exit-codes.js';
import { formatProblem, loadCompiled } from '../load-for-cli.js';
import { withProfileFlags } from '../profile-flags.js';
import { describeParameter } from '../../core/parametric/parameter-spec.js';
import { parseVars, varsHelp } from '../vars-option.js';

export function registerCompile(program: Command): void {
  withProfileFlags(program
    .command('compile'))
    .description('print the rendered SQL of the models')
    .option('-p, --project <dir>', 'project folder', '.')
    .option('-s, --select <names...>', 'models to print (default: all)')
    .option('--vars <yaml>', varsHelp)
    .action(async (opts: { project: string; select?: string[]; vars?: string }) => {
      const { compiled } = await loadCompiled(opts.project, { vars: parseVars(opts.vars) });
      for (const id of compiled.order) {
        const node = compiled.nodes.get(id);
        if (!node || node.kind !== 'model' || (opts.select && !opts.select.includes(node.name))) continue;
        process.stdout.write(`-- ${node.name} (${node.materialization}) ${node.source.location.file}\n`);
        const parameter = describeParameter(node.config);
        if (parameter) process.stdout.write(`-- ${parameter}\n`);
        process.stdout.write(node.sql ? `${node.sql}\n\n` : `-- not compiled: ${node.error?.message ?? 'unknown error'}\n\n`);
      }
      for (const analysis of compiled.analyses) {
        if (opts.select && !opts.select.includes(analysis.name)) continue;
        process.stdout.write(`-- ${analysis.name} (analysis) ${analysis.file}\n`);
        process.stdout.write(analysis.sql !== undefined ? `${analysis.sql}\n\n` : `-- not compiled: ${analysis.error?.message ?? 'unknown error'}\n\n`);
      }
      for (const e of compiled.errors) process.stderr.write(`${formatProblem(e)}\n`);
      process.exitCode = compiled.errors.some((e) => e.severity === 'error') ? ExitCode.usage : ExitCode.ok;
    });
}
