import type { ColumnDescription } from '../../../shared/api.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog, type CatalogEntry, type CatalogInfo } from '../env/catalog.js';
import { entryRelation } from '../env/catalog-relation.js';

export interface OpenEnvironment {
  conn: EngineConnection;
  info: CatalogInfo;
  entries: Map<string, CatalogEntry>;
}

export class EnvironmentNotBuiltError extends Error {}

/**
 * Runs `fn` on a branch environment opened read-only, relative paths resolving against the folder it
 * was built from. The file is opened per request and closed at once: a build publishes by renaming
 * a new file over it, which Windows refuses while another handle holds the file open.
 */
export async function withEnvironment<T>(projectRoot: string, env: string, fn: (open: OpenEnvironment) => Promise<T>): Promise<T> {
  const envFile = assayPaths(projectRoot).envFile(env);
  const catalog = await readCatalog(envFile);
  switch (catalog.state) {
    case 'missing':
      throw new EnvironmentNotBuiltError(`environment '${env}' has not been built yet: run a build first`);
    case 'corrupt':
      throw new Error(`environment '${env}' (${envFile}) cannot be read: ${catalog.reason}`);
    case 'ok':
      break;
  }
  const engine = await openEngine({ path: envFile, readOnly: true, fileSearchPath: catalog.info.root, setup: catalog.info.setup });
  try {
    const conn = await engine.connect();
    try {
      return await fn({ conn, info: catalog.info, entries: catalog.entries });
    } finally {
      await conn.close();
    }
  } finally {
    await engine.close();
  }
}

/**
 * The SQL that reads a node inside its environment: the node's view for models and seeds, the
 * source's own relation (`read_csv(...)`), or an ephemeral model's SELECT inlined. Null when the
 * environment does not hold the node.
 */
export function nodeRelation(node: CompiledNode, entries: Map<string, CatalogEntry>): string | null {
  const entry = entries.get(node.id);
  if (node.materialization === 'source') return node.relation;
  if (node.materialization === 'ephemeral') return node.sql === undefined ? null : `(\n${node.sql}\n)`;
  if (!entry?.objectName || entry.status === 'failed' || entry.status === 'skipped') return null;
  return entryRelation(entry);
}

export async function describeRelation(conn: EngineConnection, relation: string): Promise<ColumnDescription[]> {
  const result = await conn.query(`DESCRIBE SELECT * FROM ${relation}`);
  if (!result.ok) throw new Error(result.error);
  return result.rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
}
