import { access } from 'node:fs/promises';
import { readTextFile } from './file-text.js';
import path from 'node:path';
import { glob } from 'tinyglobby';
import type { ProjectError, TestDeclaration } from '../../../shared/project-types.js';
import { loadInstalledPackages, type InstalledPackage } from '../dbt/packages/installed-packages.js';
import { packageStateErrors } from '../dbt/packages/package-state.js';
import { renderYamlTree } from '../dbt/render-yaml.js';
import { dbtVersionWarning } from '../dbt/dbt-version.js';
import { readDbtProfile } from './dbt-profile.js';
import type { PostgresTarget } from '../warehouse/postgres-target.js';
import { dropDisabledNodes } from './disabled-nodes.js';
import { loadDocs } from './load-docs.js';
import { loadModels, loadSeeds } from './load-models.js';
import { loadSnapshots } from './load-snapshots.js';
import { loadSchemaFiles } from './load-schema-files.js';
import { projectConfigSchema, projectPaths, type ProjectConfigFile, type ProjectPaths } from './project-config.js';
import { listProjectFiles } from './project-files.js';
import type { MacroFile, ModelNode, Project, ProjectNode, SeedNode, SourceNode } from './project.js';
import { readYamlFile, type YamlFile } from './yaml-file.js';
import { sqlString } from '../sql/sql-text.js';
import { noDatedSource, resolveDeliveries } from './dated-deliveries.js';
import type { AsOf } from './delivery-date.js';

export type LoadResult = { ok: true; project: Project } | { ok: false; errors: ProjectError[] };

/**
 * Reads a dbt-compatible project from disk. Problems in single files are collected in
 * `project.errors` (the rest still loads); only a folder that is not a project at all fails.
 */
export interface LoadOptions {
  /** `--vars`: they win over the project's `vars:` everywhere, dbt_project.yml included. */
  vars?: Record<string, unknown>;
  /** `--as-of`: dated sources (`meta.deliveries`) read only the deliveries made by then. */
  asOf?: AsOf;
  /** The caller builds on the profile's warehouse target; otherwise such a target is a warning (this runs on DuckDB). */
  onWarehouse?: boolean;
  /** The profile's target to use, over `$DBT_TARGET` and the profile's `target:` (the app picks one per request). */
  target?: string;
}

export async function loadProject(root: string, options: LoadOptions = {}): Promise<LoadResult> {
  const absRoot = path.resolve(root);
  if (!(await exists(path.join(absRoot, 'dbt_project.yml')))) {
    return { ok: false, errors: [{ file: absRoot, severity: 'error', message: `${absRoot} is not a dbt project: it has no dbt_project.yml` }] };
  }
  const parsed = await readYamlFile(absRoot, 'dbt_project.yml', projectConfigSchema);
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const errors: ProjectError[] = [];
  const config = renderProjectConfig(parsed.yaml, options.vars ?? {}, errors);
  errors.push(...dbtVersionWarning(config['require-dbt-version'], 'dbt_project.yml', `project ${config.name}`));
  const paths = projectPaths(config);

  const installPath = config['packages-install-path'] ?? 'dbt_packages';
  const installed = await loadInstalledPackages(absRoot, installPath);
  errors.push(...installed.errors, ...(await packageStateErrors(absRoot, installPath, installed.packages.length)));
  const owners = [
    { root: absRoot, configs: [config], paths },
    ...installed.packages.map((pkg) => packageOwner(absRoot, pkg, config, options.vars ?? {}, errors)),
  ];

  const docs = await loadDocs(absRoot, owners.flatMap((o) => o.paths.docs));
  const { models, seeds, snapshots } = await loadFileNodes(owners, errors);
  const nodes = new Map<string, ProjectNode>();
  for (const node of [...seeds, ...models, ...snapshots]) addNode(nodes, node, errors);
  const schema = await loadSchemaFiles({
    root: absRoot,
    folders: owners.flatMap((o) => [...o.paths.models, ...o.paths.seeds, ...o.paths.snapshots]),
    models: new Map([...models, ...snapshots].map((m) => [m.id, m])),
    seeds: new Map(seeds.map((s) => [s.id, s])),
    docs,
  });
  errors.push(...schema.errors);
  for (const snapshot of schema.snapshots) addNode(nodes, snapshot, errors);
  for (const source of schema.sources) {
    addNode(nodes, source, errors);
    errors.push(...(await missingSourceFiles(absRoot, source)));
    errors.push(...(await resolveDeliveries(absRoot, source, options.asOf)));
    if (options.asOf && !source.deliveries && source.fileGlobs.length > 0) {
      errors.push({ ...source.location, severity: 'warning', node: source.id, message: `source ${source.name} has no meta.deliveries: the build as of ${options.asOf.text} reads all of its files` });
    }
  }
  if (options.asOf && !schema.sources.some((s) => s.deliveries)) return { ok: false, errors: [...errors.filter((e) => e.severity === 'error'), noDatedSource(options.asOf, schema.sources)] };

  const macros = await loadTextFiles(absRoot, paths.macros, '.sql');
  const analyses = await loadTextFiles(absRoot, paths.analyses, '.sql');
  const singular = await loadSingularTests(absRoot, paths.tests);
  const profile = await readDbtProfile(absRoot, config.profile, process.env, options.target);
  errors.push(...profile.errors);
  if (profile.warehouse && !options.onWarehouse) errors.push(warehouseNotUsed(profile.warehouse));

  const tests = dropDisabledNodes(nodes, [...schema.tests, ...singular], errors);
  return {
    ok: true,
    project: { root: absRoot, name: config.name, config, cliVars: options.vars ?? {}, paths, nodes, tests, macros, analyses, exposures: schema.exposures, packages: installed.packages, docs, errors, session: profile.session, ...(profile.warehouse ? { warehouse: profile.warehouse } : {}) },
  };
}

/** Where a project or an installed package keeps its nodes, and the configs that apply to them. */
interface NodeOwner {
  root: string;
  configs: ProjectConfigFile[];
  paths: ProjectPaths;
  packageName?: string;
}

/** An installed package's nodes: under its folder, configured by its dbt_project.yml and then the root project's. */
function packageOwner(root: string, pkg: InstalledPackage, rootConfig: ProjectConfigFile, cliVars: Record<string, unknown>, errors: ProjectError[]): NodeOwner {
  const own = renderProjectConfig(pkg.project, cliVars, errors, { ...pkg.vars, ...rootConfig.vars });
  const inside = (folders: string[]) => folders.map((f) => path.posix.join(pkg.folder, f));
  const paths = projectPaths(own);
  return {
    root,
    configs: [own, rootConfig],
    packageName: pkg.name,
    paths: { ...paths, models: inside(paths.models), seeds: inside(paths.seeds), snapshots: inside(paths.snapshots), docs: inside(paths.docs) },
  };
}

async function loadFileNodes(owners: NodeOwner[], errors: ProjectError[]): Promise<{ models: ModelNode[]; seeds: SeedNode[]; snapshots: ModelNode[] }> {
  const out = { models: [] as ModelNode[], seeds: [] as SeedNode[], snapshots: [] as ModelNode[] };
  for (const owner of owners) {
    const models = await loadModels({ ...owner, folders: owner.paths.models });
    const seeds = await loadSeeds({ ...owner, folders: owner.paths.seeds });
    const snapshots = await loadSnapshots({ ...owner, folders: owner.paths.snapshots });
    errors.push(...models.errors, ...seeds.errors, ...snapshots.errors);
    out.models.push(...models.models);
    out.seeds.push(...seeds.seeds);
    out.snapshots.push(...snapshots.snapshots);
  }
  return out;
}

/** dbt renders the Jinja in dbt_project.yml's model, seed and snapshot configs when it loads the project. */
function renderProjectConfig(yaml: YamlFile<ProjectConfigFile>, cliVars: Record<string, unknown>, errors: ProjectError[], vars = yaml.value.vars ?? {}): ProjectConfigFile {
  const config = { ...yaml.value };
  for (const section of ['models', 'seeds', 'snapshots'] as const) {
    if (!config[section]) continue;
    const rendered = renderYamlTree(config[section], [section], { projectName: config.name, vars, cliVars, file: yaml.file, lineOf: yaml.lineOf });
    config[section] = rendered.value;
    errors.push(...rendered.errors);
  }
  return config;
}

function addNode(nodes: Map<string, ProjectNode>, node: ModelNode | SeedNode | SourceNode, errors: ProjectError[]): void {
  const owner = nodes.get(node.id);
  if (owner) {
    errors.push({
      ...node.location,
      severity: 'error',
      node: node.id,
      message: `${node.kind} '${node.name}' writes to the name '${node.id}' that ${owner.kind} ${owner.location.file} already owns`,
    });
    return;
  }
  nodes.set(node.id, node);
}

/**
 * Every file pattern of a source must match. dbt-duckdb reads relative paths from where dbt runs,
 * which for a project in a sub-folder of its repository is usually the repository's root: a
 * pattern that matches nothing in the project folder is looked up there too, and rewritten
 * relative to the project (`data/x.csv` → `../data/x.csv`), so every checkout reads its own files.
 */
async function missingSourceFiles(root: string, source: SourceNode): Promise<ProjectError[]> {
  const errors: ProjectError[] = [];
  for (const pattern of [...source.fileGlobs]) {
    if (/^([a-z]+:\/\/|\/)/i.test(pattern)) continue;
    if (await matchesAny(pattern, root)) continue;
    const repoRoot = await repositoryRoot(root);
    if (repoRoot && repoRoot !== root && (await matchesAny(pattern, repoRoot))) {
      const moved = path.relative(root, path.join(repoRoot, pattern));
      source.fileGlobs = source.fileGlobs.map((g) => (g === pattern ? moved : g));
      if (source.deliveries?.glob === pattern) source.deliveries = { ...source.deliveries, glob: moved, pattern: path.relative(root, path.join(repoRoot, source.deliveries.pattern)) };
      source.relation = source.relation.replaceAll(sqlString(pattern), sqlString(moved));
      continue;
    }
    errors.push({ ...source.location, severity: 'error', node: source.id, message: `source ${source.name}: '${pattern}' matches no file (looked in the project folder${repoRoot && repoRoot !== root ? ' and the repository root' : ''})` });
  }
  return errors;
}

async function matchesAny(pattern: string, cwd: string): Promise<boolean> {
  return (await glob(pattern, { cwd, onlyFiles: true, expandDirectories: false })).length > 0;
}

/** The folder holding `.git` at or above `dir`, if any. */
async function repositoryRoot(dir: string): Promise<string | null> {
  for (let current = dir; ; current = path.dirname(current)) {
    if (await exists(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}

async function loadTextFiles(root: string, folders: string[], ext: string): Promise<MacroFile[]> {
  const files = await listProjectFiles(root, folders, [ext]);
  return Promise.all(files.map(async (file) => ({ file, text: await readTextFile(path.join(root, file)) })));
}

/** `tests/*.sql`: a query that returns the failing rows. Its node is known once its refs are rendered. */
async function loadSingularTests(root: string, folders: string[]): Promise<TestDeclaration[]> {
  const files = await loadTextFiles(root, folders, '.sql');
  return files.map(({ file, text }) => ({
    id: `singular.${path.basename(file, '.sql')}`,
    kind: 'singular',
    node: '',
    args: { name: path.basename(file, '.sql') },
    severity: 'error',
    stage: 'business-logic',
    sql: text,
    location: { file, line: 1 },
  }));
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}

function warehouseNotUsed(target: PostgresTarget): ProjectError {
  return {
    file: target.file, severity: 'warning',
    message: `target '${target.name}' is a PostgreSQL warehouse: this runs on the local DuckDB environments; assay build, test, diff and gc run on the warehouse with --target ${target.name}`,
  };
}
