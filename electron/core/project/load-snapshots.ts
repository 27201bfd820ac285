import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ProjectError } from '../../../shared/project-types.js';
import { configFor, type FileNodeInput } from './load-models.js';
import { listProjectFiles } from './project-files.js';
import type { ModelNode } from './project.js';

const block = /\{%-?\s*snapshot\s+(\w+)\s*-?%\}([\s\S]*?)\{%-?\s*endsnapshot\s*-?%\}/g;

/**
 * dbt snapshots: each `{% snapshot name %} … {% endsnapshot %}` block of a file under the snapshot
 * paths is a node that renders like a model (its `config()` names the strategy) and materializes
 * as a type-2 history of its query (see build/materialize-snapshot.ts). The block's body keeps its
 * lines, so errors point into the file.
 */
export async function loadSnapshots(input: FileNodeInput): Promise<{ snapshots: ModelNode[]; errors: ProjectError[] }> {
  const snapshots: ModelNode[] = [];
  const errors: ProjectError[] = [];
  for (const file of await listProjectFiles(input.root, input.folders, ['.sql'])) {
    const text = await readFile(path.join(input.root, file), 'utf8');
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
      const resolved = configFor(input, 'snapshots', file, 'snapshot');
      errors.push(...resolved.problems.map((message) => ({ file: 'dbt_project.yml', severity: 'error' as const, node: name, message: `${message} (for ${file})` })));
      const config = { ...resolved.config, materialized: 'snapshot' as const };
      snapshots.push({ kind: 'model', id: name, name, rawSql: body, config, columns: [], location: { file, line: text.slice(0, match.index).split('\n').length }, ...(input.packageName ? { package: input.packageName } : {}) });
    }
  }
  return { snapshots, errors };
}
