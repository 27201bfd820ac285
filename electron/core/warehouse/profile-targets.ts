import { z } from 'zod';
import type { ProjectError } from '../../../shared/project-types.js';
import type { ProfileTarget, ProfileTargets } from '../../../shared/warehouse-types.js';
import { listDbtProfileOutputs, readDbtProfile } from '../project/dbt-profile.js';
import { readYamlFile } from '../project/yaml-file.js';
import { describeTarget, type PostgresTarget } from './postgres-target.js';

/** A target the app was asked to use that is not a PostgreSQL one it can connect to. */
export class TargetNotWarehouseError extends Error {}

/**
 * The targets of the project's dbt profile, as dbt would find them: each with its type, which one is
 * the default, and for a PostgreSQL one where it connects (never its password) or why it cannot.
 */
export async function profileTargets(projectRoot: string, env: NodeJS.ProcessEnv = process.env): Promise<ProfileTargets> {
  const profile = await profileName(projectRoot);
  const listed = await listDbtProfileOutputs(projectRoot, profile ?? undefined, env);
  if (listed === null) return { profile, file: null, problem: null, targets: [] };
  if ('error' in listed) return { profile, file: listed.error.file, problem: problemText(listed.error), targets: [] };
  const targets = await Promise.all(listed.outputs.map(async ({ name, type }): Promise<ProfileTarget> => {
    const base = { name, type, isDefault: name === listed.defaultTarget, connection: null, schema: null, problem: null };
    if (type !== 'postgres') return base;
    const read = await readDbtProfile(projectRoot, profile ?? undefined, env, name);
    if (read.warehouse) return { ...base, connection: describeTarget(read.warehouse), schema: read.warehouse.schema };
    const first = read.errors.find((e) => e.severity !== 'warning') ?? read.errors[0];
    return { ...base, problem: first ? problemText(first) : 'this output could not be read' };
  }));
  return { profile, file: listed.file, problem: null, targets };
}

/** The profile's PostgreSQL target of that name, or an error saying why it cannot be used. */
export async function warehouseTarget(projectRoot: string, name: string, env: NodeJS.ProcessEnv = process.env): Promise<PostgresTarget> {
  const profile = await profileName(projectRoot);
  if (!profile) throw new TargetNotWarehouseError(`dbt_project.yml names no profile: name one (profile:) and add a type: postgres output '${name}' to its profiles.yml`);
  const listed = await listDbtProfileOutputs(projectRoot, profile, env);
  if (listed === null) throw new TargetNotWarehouseError(`no profiles.yml found for profile '${profile}': add one with a type: postgres output '${name}'`);
  if ('error' in listed) throw new TargetNotWarehouseError(problemText(listed.error));
  const output = listed.outputs.find((o) => o.name === name);
  if (!output) throw new TargetNotWarehouseError(`${listed.file}: profile '${profile}' has no target '${name}' (it has ${listed.outputs.map((o) => o.name).join(', ')})`);
  if (output.type !== 'postgres') throw new TargetNotWarehouseError(`target '${name}' is a ${output.type || 'typeless'} target, not a warehouse: the Warehouse screen builds on type: postgres outputs`);
  const read = await readDbtProfile(projectRoot, profile, env, name);
  if (read.warehouse) return read.warehouse;
  const problem = read.errors.find((e) => e.severity !== 'warning') ?? read.errors[0];
  throw new TargetNotWarehouseError(problem ? problemText(problem) : `target '${name}' could not be read from ${listed.file}`);
}

async function profileName(projectRoot: string): Promise<string | null> {
  const parsed = await readYamlFile(projectRoot, 'dbt_project.yml', z.looseObject({ profile: z.string().optional() })).catch(() => null);
  return parsed?.ok ? (parsed.yaml.value.profile ?? null) : null;
}

function problemText(e: ProjectError): string {
  return `${e.file}${e.line ? `:${e.line}` : ''}: ${e.message}`;
}
