import YAML from 'yaml';
import { UsageError } from './exit-codes.js';

/** dbt's `--vars '{key: value}'`: a YAML (or JSON) mapping; anything else is a usage error naming the value. */
export function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = YAML.parse(text);
  } catch (err) {
    throw new UsageError(`--vars ${JSON.stringify(text)} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`--vars ${JSON.stringify(text)} must be a mapping, such as '{load_source_data: true}'`);
  return value as Record<string, unknown>;
}

export const varsHelp = "variables as YAML, e.g. '{start_date: 2024-01-01}'; they win over dbt_project.yml";
