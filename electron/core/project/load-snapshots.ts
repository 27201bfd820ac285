import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectError } from '../../../shared/project-types.js';
import { folderConfigLayers } from './folder-config.js';
import { applyConfig, defaultNodeConfig } from './node-config.js';
import type { ProjectConfigFile } from './project-config.js';
import { listProjectFiles } from './project-files.js';
import type { ModelNode } from './project.js';

const block = /\{%-?\s*snapshot\s+(\w+)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

/**
 * dbt snapshots: each `{% snapshot name %} … {% endsnapshot %}` block of a file under the snapshot
 * paths is a node that renders like a model (its `config()` names the strategy) and materializes
 * as a type-2 history of its query (see build/materialize-snapshot.ts). The block's body keeps its
 * lines, so errors point into the file.
 */
export async function loadSnapshots(root: string, config: ProjectConfigFile, folders: string[]): Promise<{ snapshots: ModelNode[]; errors: ProjectError[] }> {
  const snapshots: ModelNode[] = [];
  const errors: ProjectError[] = [];
  for (const file of await listProjectFiles(root, folders, ['.sql'])) {
    const text = await readFile(path.join(root, file), 'utf8');
    const found = [...text.matchAll(block)];
    if (found.length === 0) {
      errors.push({ file, line: 1, severity: 'warning', message: 'no {% snapshot name %} … {% endsnapshot %} block in this file under the snapshot paths: nothing is snapshotted from it' });
      continue;
    }
    for (const match of found) {
      const name = match[1] as string;
      const bodyStart = (match.index ?? 0) + (match[0].indexOf('%}') + 2);
      const linesBefore = text.slice(0, bodyStart).split('\n').length - 1;
      const body = '\n'.repeat(linesBefore) + (match[2] as string);
      let nodeConfig = { ...defaultNodeConfig('snapshot'), materialized: 'snapshot' as const };
      for (const layer of folderConfigLayers(config.snapshots, config.name, path.dirname(file).split('/').slice(1))) {
        const applied = applyConfig(nodeConfig, layer);
        nodeConfig = { ...applied.config, materialized: 'snapshot' };
        errors.push(...applied.problems.map((message) => ({ file: 'dbt_project.yml', severity: 'error' as const, node: name, message: `${message} (for ${file})` })));
      }
      snapshots.push({ kind: 'model', id: name, name, rawSql: body, config: nodeConfig, columns: [], location: { file, line: text.slice(0, match.index).split('\n').length } });
    }
  }
  return { snapshots, errors };
}
