import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { ProjectError } from '../../../shared/project-types.js';
import { renderYamlTree } from '../dbt/render-yaml.js';
import { parseYaml } from './yaml-file.js';
import { postgresOutputSchema, postgresTarget, type PostgresTarget } from '../warehouse/postgres-target.js';

/** What Assay takes from a dbt-duckdb profile: the DuckDB session every connection of the project opens with. */
export interface DuckDbSession {
  extensions: string[];
  settings: Record<string, string | number | boolean>;
  /** dbt's `threads`: how many nodes build at once. */
  threads?: number;
  /** The profiles.yml it came from, as errors name it. */
  file?: string;
  /**
   * The target's `path`, relative to the project (or absolute): Assay never builds into it (each
   * branch has its own environment), but sources that name a table nothing in the project writes
   * are read from it, as dbt-duckdb reads them, attached read-only.
   */
  databaseFile?: string;
  /** The target's `attach:` databases, by alias: sources whose `database:` is the alias read from them. */
  attachments?: { alias: string; path: string }[];
  /** The profile and target chosen: templates read them as `target.profile_name` and `target.name`. */
  profileName?: string;
  targetName?: string;
}

export interface ProfileRead {
  session: DuckDbSession;
  /** The selected target when it is a PostgreSQL warehouse (`assay build --target` builds there). */
  warehouse?: PostgresTarget;
  /** The profiles.yml read, when one was found. */
  file: string | null;
  errors: ProjectError[];
}

const EMPTY: DuckDbSession = { extensions: [], settings: {} };
/**
 * Keys of a dbt-duckdb output that could change what models read or write, which Assay does not
 * apply. (`path`, `database` and `schema` name the database file: Assay keeps its own per branch.)
 */
const NOT_APPLIED = ['plugins', 'filesystems', 'secrets', 'external_root', 'use_credential_provider', 'module_paths'];

const outputSchema = z.looseObject({
  type: z.string(),
  threads: z.number().int().positive().optional(),
  extensions: z.array(z.union([z.string().regex(/^[A-Za-z0-9_]+$/, 'an extension name is letters, digits and _'), z.looseObject({ name: z.string().regex(/^[A-Za-z0-9_]+$/) })])).optional(),
  settings: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  path: z.string().optional(),
  attach: z.array(z.looseObject({ path: z.string(), alias: z.string().optional() })).optional(),
});
const profileSchema = z.looseObject({ target: z.string().optional(), outputs: z.record(z.string(), z.unknown()) });

/**
 * The profile `dbt_project.yml` names, read as dbt does: `profiles.yml` in the project folder,
 * else in `$DBT_PROFILES_DIR`, else in `~/.dbt/`; its target from `$DBT_TARGET` or the profile's
 * `target:`; string values rendered with `env_var()`. A project without a profile builds as it is;
 * what Assay does not apply (`attach`, `plugins`, other adapters) is a warning.
 */
export async function readDbtProfile(projectRoot: string, profileName: string | undefined, env: NodeJS.ProcessEnv = process.env, target?: string): Promise<ProfileRead> {
  if (!profileName) return { session: EMPTY, file: null, errors: [] };
  const found = await findProfilesFile(projectRoot, env);
  if (!found) return { session: EMPTY, file: null, errors: [] };
  const shown = path.relative(projectRoot, found.file).startsWith('..') ? found.file : path.relative(projectRoot, found.file);
  const parsed = parseYaml(found.text, shown, z.record(z.string(), z.unknown()));
  if (!parsed.ok) return { session: EMPTY, file: found.file, errors: parsed.errors };
  const { value, lineOf } = parsed.yaml;
  const at = (p: (string | number)[], message: string, severity: ProjectError['severity'] = 'error'): ProjectError => ({ file: shown, line: lineOf(p), severity, message });

  const profile = profileSchema.safeParse(value[profileName]);
  if (!profile.success) return { session: EMPTY, file: found.file, errors: [at([profileName], `profile '${profileName}' (named in dbt_project.yml) is not in this file, or has no outputs:`, 'warning')] };
  const renderedTarget = renderEnvVars(profile.data.target ?? 'dev', env, [profileName, 'target'], at);
  if (!renderedTarget.ok) return { session: EMPTY, file: found.file, errors: [renderedTarget.error] };
  const targetName = target ?? env.DBT_TARGET ?? String(renderedTarget.value);
  const outputPath = [profileName, 'outputs', targetName];
  if (!(targetName in profile.data.outputs)) {
    return { session: EMPTY, file: found.file, errors: [at([profileName, 'outputs'], `profile '${profileName}' has no target '${targetName}' (it has ${Object.keys(profile.data.outputs).join(', ')})`, 'warning')] };
  }
  const rendered = renderEnvVars(profile.data.outputs[targetName], env, outputPath, at);
  if (!rendered.ok) return { session: EMPTY, file: found.file, errors: [rendered.error] };
  const issuesAt = (issues: z.core.$ZodIssue[]) => issues.map((i) => at([...outputPath, ...i.path.filter((k): k is string | number => typeof k !== 'symbol')], `${i.path.join('.')}: ${i.message}`));
  if ((rendered.value as { type?: unknown } | null)?.type === 'postgres') {
    const pg = postgresOutputSchema.safeParse(rendered.value);
    // A warning: the project still builds on DuckDB; a build on the warehouse refuses with it.
    const unusable = (errors: ProjectError[]) => errors.map((e) => ({ ...e, severity: 'warning' as const, message: `postgres target '${targetName}' cannot be used: ${e.message}` }));
    if (!pg.success) return { session: EMPTY, file: found.file, errors: unusable(issuesAt(pg.error.issues)) };
    const warehouse = postgresTarget(targetName, pg.data, shown);
    if (typeof warehouse === 'string') return { session: EMPTY, file: found.file, errors: unusable([at(outputPath, warehouse)]) };
    return { session: { ...EMPTY, threads: warehouse.threads, profileName, targetName, file: shown }, warehouse, file: found.file, errors: [] };
  }
  const output = outputSchema.safeParse(rendered.value);
  if (!output.success) {
    return { session: EMPTY, file: found.file, errors: issuesAt(output.error.issues) };
  }
  if (output.data.type !== 'duckdb') {
    return { session: EMPTY, file: found.file, errors: [at([...outputPath, 'type'], `target '${targetName}' is a ${output.data.type} target; Assay builds into DuckDB and does not use it`, 'warning')] };
  }
  const badName = Object.keys(output.data.settings ?? {}).find((name) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
  if (badName !== undefined) return { session: EMPTY, file: found.file, errors: [at([...outputPath, 'settings', badName], `settings: '${badName}' is not a setting name (letters, digits and _)`)] };
  const ignored = NOT_APPLIED.filter((key) => key in output.data);
  const errors = ignored.map((key) => at([...outputPath, key], `'${key}' is not applied by Assay: models that need it will fail to build`, 'warning'));
  const { extensions = [], settings = {}, threads } = output.data;
  const local = (p: string | undefined) => (p && p !== ':memory:' && !/^(md|motherduck):/.test(p) ? p : undefined);
  const attachments = (output.data.attach ?? [])
    .filter((a) => local(a.path))
    .map((a) => ({ alias: a.alias ?? path.basename(a.path).replace(/\.[^.]*$/, ''), path: a.path }));
  const session: DuckDbSession = { extensions: extensions.map((e) => (typeof e === 'string' ? e : e.name)), settings, threads, file: shown, databaseFile: local(output.data.path), attachments, profileName, targetName };
  return { session, file: found.file, errors };
}

/** The outputs of the profile `dbt_project.yml` names, as `readDbtProfile` would find them. */
export interface ProfileOutputs {
  /** The profiles.yml read, as errors name it. */
  file: string;
  /** The target used when none is named: `$DBT_TARGET`, else the profile's `target:` (dbt's `dev` when absent). */
  defaultTarget: string;
  /** Each output's name and its `type:` as written (`duckdb`, `postgres`, ...; empty when it has none). */
  outputs: { name: string; type: string }[];
}

/**
 * Lists the profile's outputs without reading any one of them: which targets there are to choose
 * from (the Warehouse screen), each then read with `readDbtProfile(..., name)`. Null when the
 * project names no profile or no profiles.yml is found; an error value when the file or the
 * profile cannot be read.
 */
export async function listDbtProfileOutputs(projectRoot: string, profileName: string | undefined, env: NodeJS.ProcessEnv = process.env): Promise<ProfileOutputs | { error: ProjectError } | null> {
  if (!profileName) return null;
  const found = await findProfilesFile(projectRoot, env);
  if (!found) return null;
  const shown = path.relative(projectRoot, found.file).startsWith('..') ? found.file : path.relative(projectRoot, found.file);
  const parsed = parseYaml(found.text, shown, z.record(z.string(), z.unknown()));
  if (!parsed.ok) return { error: parsed.errors[0] ?? { file: shown, severity: 'error', message: 'profiles.yml could not be read' } };
  const at = (p: (string | number)[], message: string): ProjectError => ({ file: shown, line: parsed.yaml.lineOf(p), severity: 'error', message });
  const profile = profileSchema.safeParse(parsed.yaml.value[profileName]);
  if (!profile.success) return { error: at([profileName], `profile '${profileName}' (named in dbt_project.yml) is not in this file, or has no outputs:`) };
  const renderedTarget = renderEnvVars(profile.data.target ?? 'dev', env, [profileName, 'target'], at);
  if (!renderedTarget.ok) return { error: renderedTarget.error };
  const typeOf = (output: unknown) => (typeof (output as { type?: unknown } | null)?.type === 'string' ? (output as { type: string }).type : '');
  return {
    file: shown,
    defaultTarget: env.DBT_TARGET ?? String(renderedTarget.value),
    outputs: Object.entries(profile.data.outputs).map(([name, output]) => ({ name, type: typeOf(output) })),
  };
}

/**
 * The statements that open a connection in the profile's session: extensions loaded, settings set.
 * Not installed: INSTALL downloads even an extension DuckDB already carries, and Assay works
 * offline; an extension that is not installed fails with DuckDB's own advice.
 */
export function sessionStatements(session: DuckDbSession): string[] {
  const literal = (v: string | number | boolean) => (typeof v === 'string' ? `'${v.replaceAll("'", "''")}'` : String(v));
  return [
    ...session.extensions.map((name) => `LOAD ${name}`),
    ...Object.entries(session.settings).map(([name, value]) => `SET ${name} = ${literal(value)}`),
  ];
}

async function findProfilesFile(projectRoot: string, env: NodeJS.ProcessEnv): Promise<{ file: string; text: string } | null> {
  // dbt's order: --profiles-dir / $DBT_PROFILES_DIR, then the project folder, then ~/.dbt.
  const dirs = [env.DBT_PROFILES_DIR, projectRoot, path.join(env.HOME ?? os.homedir(), '.dbt')].filter((d): d is string => Boolean(d));
  for (const dir of dirs) {
    const file = path.resolve(projectRoot, dir, 'profiles.yml');
    const text = await readFile(file, 'utf8').catch(() => null);
    if (text !== null) return { file, text };
  }
  return null;
}

type Rendered = { ok: true; value: unknown } | { ok: false; error: ProjectError };

/** dbt renders every string of a profile with Jinja (`env_var()`, secrets allowed), reading numbers and booleans back as such. */
function renderEnvVars(value: unknown, env: NodeJS.ProcessEnv, at: (string | number)[], error: (p: (string | number)[], message: string) => ProjectError): Rendered {
  const failed: (string | number)[][] = [];
  const rendered = renderYamlTree(value, at, { projectName: 'profile', env, allowSecrets: true, file: 'profiles.yml', lineOf: (p) => (failed.push([...p]), undefined) });
  const first = rendered.errors[0];
  if (first) return { ok: false, error: error(failed[0] ?? at, first.message.replace(/^[^:]*: /, '')) };
  return { ok: true, value: rendered.value };
}
