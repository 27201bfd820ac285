import type { NodePreview } from '../../../shared/api.js';
import type { PreviewFilter, PreviewSort } from '../../../shared/preview-query.js';
import { storeFile } from '../build/materialize.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { assayPaths } from '../env/assay-paths.js';
import type { CatalogEntry } from '../env/catalog.js';
import { sqlString } from '../sql/sql-text.js';
import { describeRelation, nodeRelation, withEnvironment } from '../env/environment-reader.js';
import { previewClauses } from './preview-query.js';
import type { ProjectSnapshot } from './project-session.js';

export interface PreviewRequest {
  offset: number;
  limit: number;
  orderBy?: PreviewSort[];
  filters?: PreviewFilter[];
}

/**
 * One page of a node's rows in the branch environment, sorted and filtered in DuckDB, with the
 * number of rows the filters let through. `offset` and `limit` are integers checked by the
 * operation's schema before they reach this SQL; columns and values are checked by previewClauses.
 */
export async function previewNode(snapshot: ProjectSnapshot, env: string, nodeId: string, request: PreviewRequest): Promise<NodePreview> {
  const { offset, limit, orderBy = [], filters = [] } = request;
  const compiled = snapshot.compiled.nodes.get(nodeId);
  if (!compiled) throw new Error(`there is no node '${nodeId}' in project ${snapshot.project.name}`);
  if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(limit)) throw new Error('offset and limit must be integers');
  return withEnvironment(snapshot.project.root, env, async ({ conn, entries }) => {
    const relation = nodeRelation(compiled, entries);
    if (!relation) throw new Error(`node '${nodeId}' is not built in environment '${env}': run a build first`);
    const shaped = orderBy.length || filters.length;
    const clauses = shaped ? previewClauses(nodeId, await describeRelation(conn, relation), orderBy, filters) : { where: '', orderBy: '', params: [] };
    const page = await conn.query(`SELECT * FROM ${relation} ${clauses.where} ${clauses.orderBy} LIMIT ${limit} OFFSET ${offset}`, clauses.params);
    if (!page.ok) throw new Error(`previewing '${nodeId}': ${page.error}`);
    const count = await conn.query(`SELECT count(*) AS n FROM ${relation} ${clauses.where}`, clauses.params);
    if (!count.ok) throw new Error(`counting the rows of '${nodeId}': ${count.error}`);
    const total = Number(count.rows[0]?.n ?? 0);
    return { node: nodeId, columns: page.columns, rows: page.rows, offset, total, relation: consoleRelation(snapshot, compiled, entries.get(nodeId)) ?? relation };
  });
}

/**
 * What the SQL console reads a node by. The console may read only the store and absolute source
 * folders (see user-query-guard.ts), so a source is read from the snapshot its environment took.
 */
function consoleRelation(snapshot: ProjectSnapshot, compiled: CompiledNode, entry: CatalogEntry | undefined): string | null {
  if (compiled.materialization !== 'source' || !entry) return null;
  return `read_parquet(${sqlString(storeFile(assayPaths(snapshot.project.root).storeDir, entry.fingerprint))})`;
}
