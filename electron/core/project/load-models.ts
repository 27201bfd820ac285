import { readTextFile } from './file-text.js';
import path from 'node:path';
import type { Materialization, ProjectError } from '../../../shared/project-types.js';
import { folderConfigLayers } from './folder-config.js';
import { applyConfig, defaultNodeConfig, type NodeConfig } from './node-config.js';
import type { ProjectConfigFile } from './project-config.js';
import { listProjectFiles } from './project-files.js';
import type { ModelNode, SeedNode } from './project.js';

export interface FileNodeInput {
  root: string;
  folders: string[];
  /** The dbt_project.yml files whose config applies, weakest first: a package's own, then the root project's. */
  configs: ProjectConfigFile[];
  /** For a package's nodes: the package's name (its folder config is keyed by it in every file). */
  packageName?: string;
}

/**
 * One model per `.sql` file under the model paths, named after the file. A `.py` file is a dbt
 * Python model: it is a node of the project (so that what reads it is skipped, not broken) that
 * always fails with the reason, since Assay runs SQL models only.
 */
export async function loadModels(input: FileNodeInput): Promise<{ models: ModelNode[]; errors: ProjectError[] }> {
  const models: ModelNode[] = [];
  const errors: ProjectError[] = [];
  const files = await listProjectFiles(input.root, input.folders, ['.sql', '.py']);
  const texts = await Promise.all(files.map((file) => readTextFile(path.join(input.root, file))));
  for (const [i, file] of files.entries()) {
    const text = texts[i] as string;
    const language = file.endsWith('.py') ? 'python' : 'sql';
    const name = path.basename(file, language === 'python' ? '.py' : '.sql');
    const resolved = configFor(input, 'models', file, 'view');
    errors.push(...resolved.problems.map((message) => ({ file: 'dbt_project.yml', message: `${message} (for ${file})`, severity: 'error' as const, node: name })));
    const line = language === 'python' ? lineOf(text, /^def model\(/m) : 1;
    models.push({ kind: 'model', id: name, name, rawSql: language === 'python' ? '' : text, language, config: resolved.config, columns: [], location: { file, line }, ...packageOf(input) });
  }
  return { models, errors };
}

function lineOf(text: string, pattern: RegExp): number {
  const at = text.search(pattern);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** One seed per `.csv` file under the seed paths. */
export async function loadSeeds(input: FileNodeInput): Promise<{ seeds: SeedNode[]; errors: ProjectError[] }> {
  const seeds: SeedNode[] = [];
  const errors: ProjectError[] = [];
  for (const file of await listProjectFiles(input.root, input.folders, ['.csv'])) {
    const name = path.basename(file, '.csv');
    const resolved = configFor(input, 'seeds', file, 'seed');
    errors.push(...resolved.problems.map((message) => ({ file: 'dbt_project.yml', message: `${message} (for ${file})`, severity: 'error' as const, node: name })));
    seeds.push({ kind: 'seed', id: name, name, config: { ...resolved.config, materialized: 'seed' }, columns: [], location: { file }, ...packageOf(input) });
  }
  return { seeds, errors };
}

const packageOf = (input: FileNodeInput) => (input.packageName ? { package: input.packageName } : {});

/**
 * A file's config: each dbt_project.yml's layers along its fqn (its folders, then its own name, as
 * `models: pkg: marts: orders: +enabled: false`), weakest file first, applied in order.
 */
export function configFor(input: FileNodeInput, section: 'models' | 'seeds' | 'snapshots', file: string, materialized: Materialization): { config: NodeConfig; problems: string[] } {
  const rootFolder = input.folders.map((f) => f.replace(/\/+$/, '')).find((f) => file.startsWith(`${f}/`)) ?? '';
  const inner = file.slice(rootFolder.length + 1).replace(/\.[^./]+$/, '').split('/');
  let resolved = defaultNodeConfig(materialized);
  const problems: string[] = [];
  for (const config of input.configs) {
    for (const layer of folderConfigLayers(config[section], input.packageName ?? config.name, inner)) {
      const applied = applyConfig(resolved, layer);
      resolved = applied.config;
      problems.push(...applied.problems);
    }
  }
  return { config: resolved, problems };
}
