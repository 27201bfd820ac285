import { z } from 'zod';
import { readDbtProfile } from '../project/dbt-profile.js';
import { readYamlFile } from '../project/yaml-file.js';
import type { PostgresTarget } from './postgres-target.js';

/**
 * The warehouse a command runs on: the profile's selected target (`--target`, `$DBT_TARGET`, else
 * the profile's `target:`) when it is a PostgreSQL one; null for DuckDB (the default).
 */
export async function selectedWarehouse(projectRoot: string, target?: string): Promise<PostgresTarget | null> {
  const parsed = await readYamlFile(projectRoot, 'dbt_project.yml', z.looseObject({ profile: z.string().optional() })).catch(() => null);
  if (!parsed?.ok) return null;
  const read = await readDbtProfile(projectRoot, parsed.yaml.value.profile, process.env, target);
  return read.warehouse ?? null;
}
