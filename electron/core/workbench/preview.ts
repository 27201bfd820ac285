import type { NodePreview } from '../../../shared/api.js';
import { nodeRelation, withEnvironment } from './environment-reader.js';
import type { ProjectSnapshot } from './project-session.js';

/**
 * One page of a node's rows in the branch environment, with the total row count. `offset` and
 * `limit` are integers checked by the operation's schema before they reach this SQL.
 */
export async function previewNode(snapshot: ProjectSnapshot, env: string, nodeId: string, offset: number, limit: number): Promise<NodePreview> {
  const compiled = snapshot.compiled.nodes.get(nodeId);
  if (!compiled) throw new Error(`there is no node '${nodeId}' in project ${snapshot.project.name}`);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(limit)) throw new Error('offset and limit must be integers');
  return withEnvironment(snapshot.project.root, env, async ({ conn, entries }) => {
    const relation = nodeRelation(compiled, entries);
    if (!relation) throw new Error(`node '${nodeId}' is not built in environment '${env}': run a build first`);
    const page = await conn.query(`SELECT * FROM ${relation} LIMIT ${limit} OFFSET ${offset}`);
    if (!page.ok) throw new Error(`previewing '${nodeId}': ${page.error}`);
    const count = await conn.query(`SELECT count(*) AS n FROM ${relation}`);
    if (!count.ok) throw new Error(`counting the rows of '${nodeId}': ${count.error}`);
    return { node: nodeId, columns: page.columns, rows: page.rows, offset, total: Number(count.rows[0]?.n ?? 0) };
  });
}
