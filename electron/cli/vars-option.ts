import YAML from 'yaml';
import { UsageError } from './exit-codes.js';

/** A flag whose value is a YAML (or JSON) mapping, as dbt's `--vars` and `--args`; anything else is a usage error naming the value. */
export function parseYamlMapping(flag: string, text: string | undefined, example: string): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new UsageError(`${flag} ${JSON.stringify(text)} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${flag} ${JSON.stringify(text)} must be a mapping, such as '${example}'`);
  return value as Record<string, unknown>;
}

/** dbt's `--vars '{key: value}'`. */
export function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  return parseYamlMapping('--vars', text, '{load_source_data: true}');
}

export const varsHelp = "variables as YAML, e.g. '{start_date: 2024-01-01}'; they win over dbt_project.yml";
