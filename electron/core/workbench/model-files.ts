import { readFile } from 'node:fs/promises';
import type { ModelDetail } from '../../../shared/api.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { describeRelation, EnvironmentNotBuiltError, nodeRelation, withEnvironment } from '../env/environment-reader.js';
import { nodeFile } from './project-paths.js';
import type { ProjectSnapshot } from './project-session.js';

/** A model's SQL as written, as compiled, and the columns its view has in the branch environment. */
export async function readModel(snapshot: ProjectSnapshot, env: string, nodeId: string): Promise<ModelDetail> {
  const { file, abs } = await nodeFile(snapshot.project, nodeId, ['model']);
  const rawSql = await readFile(abs, 'utf8');
  const compiled = snapshot.compiled.nodes.get(nodeId) as CompiledNode;
  const columns = await withEnvironment(snapshot.project.root, env, async ({ conn, entries }) => {
    const relation = nodeRelation(compiled, entries);
    return relation ? describeRelation(conn, relation) : [];
  }).catch((err: unknown) => {
    if (err instanceof EnvironmentNotBuiltError) return [];
    throw err;
  });
  return {
    node: nodeId,
    file,
    rawSql,
    compiledSql: compiled.sql ?? null,
    columns,
    error: compiled.error ? `${compiled.error.file}${compiled.error.line ? `:${compiled.error.line}` : ''}: ${compiled.error.message}` : null,
  };
}

