import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseYaml, type YamlFile } from '../../project/yaml-file.js';
import { renderYamlTree } from '../render-yaml.js';
import { DepsError, type DepsProblem } from './deps-error.js';

/** Where a package comes from, as packages.yml (or package-lock.yml) says it. */
export type PackageSource =
  | { kind: 'hub'; package: string; versions: string[]; installPrerelease: boolean }
  | { kind: 'git'; git: string; revision?: string; subdirectory?: string; warnUnpinned?: boolean }
  | { kind: 'local'; local: string };

/** One entry of `packages:`, with where it was written. */
export interface PackageSpec {
  source: PackageSource;
  /** `name:` as package-lock.yml records it (dbt 1.8+); absent in packages.yml. */
  name?: string;
  file: string;
  line?: number;
  /** The entry as dbt reads it (Jinja rendered) and as written: both go into the lock's sha1_hash. */
  rendered: Record<string, unknown>;
  unrendered: Record<string, unknown>;
}

export interface PackageSpecFile {
  /** `packages.yml` or `dependencies.yml` (relative to the project), or null when neither declares packages. */
  file: string | null;
  specs: PackageSpec[];
}

const scalar = z.union([z.string(), z.number()]).transform(String);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a dbt project name (letters, digits, _)');

const hubEntry = z.strictObject({
  package: z.string().regex(/^[^/\s]+\/[^/\s]+$/, 'a hub package is named <namespace>/<name>, e.g. dbt-labs/dbt_utils'),
  version: z.union([scalar, z.array(scalar).min(1)], { error: 'a hub package needs a version: a pin ("1.1.1") or a range ([">=1.0.0", "<2.0.0"])' }),
  'install-prerelease': z.boolean().optional(),
  install_prerelease: z.boolean().optional(),
  name: identifier.optional(),
});

const gitEntry = z.strictObject({
  git: z.string().min(1).superRefine(refusing(unsafeGitUrl)),
  revision: scalar.superRefine(refusing(unsafeRevision)).optional(),
  subdirectory: z.string().superRefine(refusing(unsafeSubdirectory)).optional(),
  'warn-unpinned': z.boolean().optional(),
  warn_unpinned: z.boolean().optional(),
  name: identifier.optional(),
});

function refusing(why: (value: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx) => {
    const reason = why(value);
    if (reason) ctx.addIssue({ code: 'custom', message: reason });
  };
}

const localEntry = z.strictObject({ local: z.string().min(1), name: identifier.optional() });

const packagesFile = z.strictObject({ packages: z.array(z.unknown()).nullish() });
const dependenciesFile = z.looseObject({ packages: z.array(z.unknown()).nullish(), projects: z.unknown().optional() });
const lockFile = z.strictObject({ packages: z.array(z.unknown()).nullish(), sha1_hash: z.string().nullish() });

/**
 * Reads the packages a project (or an installed package) declares, as dbt does: `packages:` of
 * dependencies.yml when it has one, else packages.yml; both declaring packages is an error. Paths
 * in problems are `label` joined with the file name. Throws a DepsError naming the file and line.
 */
export async function readPackageSpecs(dir: string, label = ''): Promise<PackageSpecFile> {
  const packagesYml = await readSpecFile(dir, label, 'packages.yml', packagesFile);
  const dependenciesYml = await readSpecFile(dir, label, 'dependencies.yml', dependenciesFile);
  if (packagesYml?.yaml.value.packages && dependenciesYml?.yaml.value.packages) {
    throw new DepsError([{ file: dependenciesYml.yaml.file, line: dependenciesYml.yaml.lineOf(['packages']), message: `'packages' cannot be declared in both packages.yml and dependencies.yml (dbt refuses it too); keep one` }]);
  }
  const chosen = dependenciesYml?.yaml.value.packages ? dependenciesYml : packagesYml;
  if (!chosen?.yaml.value.packages) return { file: null, specs: [] };
  return { file: chosen.yaml.file, specs: parseEntries(chosen.yaml, chosen.yaml.value.packages, 'packages.yml') };
}

/** package-lock.yml: its entries and the sha1_hash of the packages it was resolved from; null when absent. */
export async function readLockSpecs(dir: string, label = ''): Promise<{ file: string; specs: PackageSpec[]; sha1Hash: string | null } | null> {
  const lock = await readSpecFile(dir, label, 'package-lock.yml', lockFile);
  if (!lock) return null;
  return { file: lock.yaml.file, specs: parseEntries(lock.yaml, lock.yaml.value.packages ?? [], 'package-lock.yml'), sha1Hash: lock.yaml.value.sha1_hash ?? null };
}

async function readSpecFile<S extends z.ZodType>(dir: string, label: string, name: string, schema: S): Promise<{ yaml: YamlFile<z.infer<S>> } | null> {
  let text: string;
  try {
    text = await readFile(path.join(dir, name), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new DepsError([{ file: path.posix.join(label, name), message: `cannot be read: ${(err as Error).message}` }]);
  }
  const parsed = parseYaml(text, path.posix.join(label, name), schema);
  if (!parsed.ok) throw new DepsError(parsed.errors.map(({ file, line, message }) => ({ file, line, message })));
  return { yaml: parsed.yaml };
}

function parseEntries(yaml: YamlFile<unknown>, entries: unknown[], kind: string): PackageSpec[] {
  const problems: DepsProblem[] = [];
  const specs: PackageSpec[] = [];
  entries.forEach((entry, i) => {
    const at = ['packages', i];
    const problem = (message: string, sub: (string | number)[] = []) => problems.push({ file: yaml.file, line: yaml.lineOf([...at, ...sub]), message });
    if (!entry || typeof entry !== 'object' || Array.isArray(entry)) {
      problem(`packages[${i}]: each package is a mapping with one of package:, git: or local:`);
      return;
    }
    const raw = entry as Record<string, unknown>;
    const { value: rendered, errors } = renderYamlTree(raw, at, { file: yaml.file, lineOf: yaml.lineOf, projectName: 'packages', env: process.env, allowSecrets: true });
    for (const e of errors) problems.push({ file: e.file, line: e.line, message: e.message });
    const spec = parseEntry(rendered, (message, sub) => problem(`packages[${i}]${sub.length ? `.${sub.join('.')}` : ''}: ${message}`, sub), kind);
    if (spec) specs.push({ ...spec, file: yaml.file, line: yaml.lineOf(at), rendered, unrendered: raw });
  });
  if (problems.length > 0) throw new DepsError(problems);
  return specs;
}

type Report = (message: string, sub: (string | number)[]) => void;

function parseEntry(entry: Record<string, unknown>, report: Report, kind: string): Pick<PackageSpec, 'source' | 'name'> | null {
  if ('tarball' in entry || 'private' in entry) {
    report(`${'tarball' in entry ? 'tarball' : 'private'} packages are not supported by assay deps; use a git: or hub package`, ['tarball' in entry ? 'tarball' : 'private']);
    return null;
  }
  const which = ['package', 'git', 'local'].filter((k) => k in entry);
  if (which.length !== 1) {
    report(which.length === 0 ? `a package needs one of package: (dbt Hub), git: or local: (${kind})` : `a package has one of package:, git: or local:, not ${which.join(' and ')}`, []);
    return null;
  }
  const schema = which[0] === 'package' ? hubEntry : which[0] === 'git' ? gitEntry : localEntry;
  const parsed = schema.safeParse(entry);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      if (unknownKeys.length > 0) for (const key of unknownKeys) report(`unknown key '${key}' for a ${which[0]}: package`, [key]);
      else report(issue.message, issue.path.filter((k): k is string | number => typeof k !== 'symbol'));
    }
    return null;
  }
  const v = parsed.data as Record<string, unknown>;
  const name = v.name as string | undefined;
  if ('package' in v) {
    const versions = Array.isArray(v.version) ? (v.version as string[]) : [v.version as string];
    return { name, source: { kind: 'hub', package: v.package as string, versions, installPrerelease: Boolean(v['install-prerelease'] ?? v.install_prerelease) } };
  }
  if ('git' in v) {
    const warnUnpinned = (v['warn-unpinned'] ?? v.warn_unpinned) as boolean | undefined;
    return { name, source: { kind: 'git', git: v.git as string, revision: v.revision as string | undefined, subdirectory: v.subdirectory as string | undefined, warnUnpinned } };
  }
  return { name, source: { kind: 'local', local: v.local as string } };
}

/** A value written in a packages entry (a git URL) as dbt reads it: its Jinja (env_var) rendered. */
export function renderPackageValue(text: string, file: string): string {
  const { value, errors } = renderYamlTree(text, [], { file, lineOf: () => undefined, projectName: 'packages', env: process.env, allowSecrets: true });
  if (errors.length > 0) throw new DepsError(errors.map((e) => ({ file: e.file, message: e.message })));
  return String(value);
}

/** Why a git URL is refused before git sees it (it could be read as an option or run a helper), or null. */
export function unsafeGitUrl(url: string): string | null {
  if (url.startsWith('-')) return `git URL '${url}' starts with '-': git would read it as an option; refused`;
  if (/^[A-Za-z][A-Za-z0-9+.-]*::/.test(url)) return `git URL '${url}' names a remote helper (<transport>::); refused`;
  if (/[\x00-\x1f\x7f]/.test(url)) return `git URL '${url}' holds control characters; refused`;
  return null;
}

/** Why a revision is refused (it would be an option or a refspec), or null. */
export function unsafeRevision(rev: string): string | null {
  if (rev.startsWith('-') || !/^[A-Za-z0-9._/+@-]+$/.test(rev) || rev.includes('..') || rev.endsWith('.lock')) {
    return `revision '${rev}' is not a tag, branch or commit name git accepts; refused`;
  }
  return null;
}

/** Why a subdirectory is refused (it leaves the repository), or null. */
export function unsafeSubdirectory(dir: string): string | null {
  const normalized = path.posix.normalize(dir.replace(/\\/g, '/'));
  if (path.posix.isAbsolute(normalized) || /^[A-Za-z]:/.test(dir) || normalized === '..' || normalized.startsWith('../') || dir.split(/[\\/]/).includes('..')) {
    return `subdirectory '${dir}' must be a folder inside the repository (no '..', not absolute); refused`;
  }
  if (dir.startsWith('-') || /[\x00-\x1f]/.test(dir)) return `subdirectory '${dir}' is not a folder name; refused`;
  return null;
}
