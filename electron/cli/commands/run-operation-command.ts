import type { Command } from 'commander';
import { runOperation } from '../../core/build/run-operation.js';
import { withProfileFlags } from '../profile-flags.js';
import { parseVars, parseYamlMapping, varsHelp } from '../vars-option.js';

export function registerRunOperation(program: Command): void {
  withProfileFlags(program
    .command('run-operation <macro>'))
    .description("run a macro as dbt run-operation does, reading the branch's environment")
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--args <yaml>', "the macro's arguments as YAML, e.g. '{table_names: [orders]}'")
    .option('--vars <yaml>', varsHelp)
    .action(async (macro: string, opts: { project: string; args?: string; vars?: string }) => {
      const args = parseYamlMapping('--args', opts.args, '{model_names: [orders]}');
      const result = await runOperation({ projectRoot: opts.project, macro, args, vars: parseVars(opts.vars) });
      for (const line of result.logs) process.stdout.write(`${line}\n`);
      if (result.output.trim() !== '') process.stdout.write(`${result.output.trim()}\n`);
    });
}
