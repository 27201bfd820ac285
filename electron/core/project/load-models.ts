import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Materialization, ProjectError } from '../../../shared/project-types.js';
import { folderConfigLayers } from './folder-config.js';
import { applyConfig, defaultNodeConfig, type NodeConfig } from './node-config.js';
import type { ProjectConfigFile } from './project-config.js';
import { listProjectFiles } from './project-files.js';
import type { ModelNode, SeedNode } from './project.js';

interface FileNodeInput {
  root: string;
  config: ProjectConfigFile;
  folders: string[];
}

/**
 * One model per `.sql` file under the model paths, named after the file. A `.py` file is a dbt
 * Python model: it is a node of the project (so that what reads it is skipped, not broken) that
 * always fails with the reason, since Assay runs SQL models only.
 */
export async function loadModels({ root, config, folders }: FileNodeInput): Promise<{ models: ModelNode[]; errors: ProjectError[] }> {
  const models: ModelNode[] = [];
  const errors: ProjectError[] = [];
  for (const file of await listProjectFiles(root, folders, ['.sql', '.py'])) {
    const text = await readFile(path.join(root, file), 'utf8');
    const language = file.endsWith('.py') ? 'python' : 'sql';
    const name = path.basename(file, language === 'python' ? '.py' : '.sql');
    const resolved = configFor(config, config.models, folders, file, 'view');
    errors.push(...resolved.problems.map((message) => ({ file: 'dbt_project.yml', message: `${message} (for ${file})`, severity: 'error' as const, node: name })));
    const line = language === 'python' ? lineOf(text, /^def model\(/m) : 1;
    models.push({ kind: 'model', id: name, name, rawSql: language === 'python' ? '' : text, language, config: resolved.config, columns: [], location: { file, line } });
  }
  return { models, errors };
}

function lineOf(text: string, pattern: RegExp): number {
  const at = text.search(pattern);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** One seed per `.csv` file under the seed paths. */
export async function loadSeeds({ root, config, folders }: FileNodeInput): Promise<{ seeds: SeedNode[]; errors: ProjectError[] }> {
  const seeds: SeedNode[] = [];
  const errors: ProjectError[] = [];
  for (const file of await listProjectFiles(root, folders, ['.csv'])) {
    const name = path.basename(file, '.csv');
    const resolved = configFor(config, config.seeds, folders, file, 'seed');
    errors.push(...resolved.problems.map((message) => ({ file: 'dbt_project.yml', message: `${message} (for ${file})`, severity: 'error' as const, node: name })));
    seeds.push({ kind: 'seed', id: name, name, config: { ...resolved.config, materialized: 'seed' }, columns: [], location: { file } });
  }
  return { seeds, errors };
}

function configFor(
  config: ProjectConfigFile,
  tree: Record<string, unknown> | undefined,
  rootFolders: string[],
  file: string,
  materialized: Materialization,
): { config: NodeConfig; problems: string[] } {
  const rootFolder = rootFolders.map((f) => f.replace(/\/+$/, '')).find((f) => file.startsWith(`${f}/`)) ?? '';
  const inner = file.slice(rootFolder.length + 1).split('/').slice(0, -1);
  let resolved = defaultNodeConfig(materialized);
  const problems: string[] = [];
  for (const layer of folderConfigLayers(tree, config.name, inner)) {
    const applied = applyConfig(resolved, layer);
    resolved = applied.config;
    problems.push(...applied.problems);
  }
  return { config: resolved, problems };
}
