import type { Command } from 'commander';
import YAML from 'yaml';
import { runOperation } from '../../core/build/run-operation.js';
import { UsageError } from '../exit-codes.js';
import { withProfileFlags } from '../profile-flags.js';
import { parseVars, varsHelp } from '../vars-option.js';

export function registerRunOperation(program: Command): void {
  withProfileFlags(program
    .command('run-operation <macro>'))
    .description("run a macro as dbt run-operation does, reading the branch's environment")
    .option('-p, --project <dir>', 'project folder', '.')
    .option('--args <yaml>', "the macro's arguments as YAML, e.g. '{table_names: [orders]}'")
    .option('--vars <yaml>', varsHelp)
    .action(async (macro: string, opts: { project: string; args?: string; vars?: string }) => {
      const args = parseArgs(opts.args);
      const result = await runOperation({ projectRoot: opts.project, macro, args, vars: parseVars(opts.vars) });
      for (const line of result.logs) process.stdout.write(`${line}\n`);
      if (result.output.trim() !== '') process.stdout.write(`${result.output.trim()}\n`);
    });
}

function parseArgs(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new UsageError(`--args ${JSON.stringify(text)} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--args ${JSON.stringify(text)} must be a mapping of argument names to values`);
  return value as Record<string, unknown>;
}
