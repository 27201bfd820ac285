import type { ColumnDescription } from '../../../shared/api.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Engine, EngineConnection } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import { assayPaths } from './assay-paths.js';
import { fileVersion, readCatalog, type CatalogEntry, type CatalogInfo } from './catalog.js';
import { entryRelation } from './catalog-relation.js';

export interface OpenEnvironment {
  conn: EngineConnection;
  /** Another connection to the same environment, closed with the first. */
  connect(): Promise<EngineConnection>;
  info: CatalogInfo;
  entries: Map<string, CatalogEntry>;
}

export class EnvironmentNotBuiltError extends Error {}

/**
 * Runs `fn` on a branch environment opened read-only, relative paths resolving against the folder it
 * was built from. Opening an environment costs more than most queries on it (its catalog is read), so
 * an opened version is kept while it is in use and a little after; a build publishes a new version by
 * renaming a new file over the old, and the next request opens that. Windows refuses that rename while
 * a handle holds the file, so there the file is opened per request and closed at once.
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
  const open = () => openEngine({ path: envFile, readOnly: true, fileSearchPath: catalog.info.root, setup: catalog.info.setup });
  const reader = process.platform === 'win32' ? null : await keptReader(envFile, open);
  const engine = reader ? await reader.engine : await open();
  const connections: EngineConnection[] = [];
  const connect = async () => {
    const conn = await engine.connect();
    connections.push(conn);
    return conn;
  };
  try {
    return await fn({ conn: await connect(), connect, info: catalog.info, entries: catalog.entries });
  } finally {
    for (const conn of connections) await conn.close();
    if (reader) await release(envFile, reader);
    else await engine.close();
  }
}

/** Closes the environments of a project kept open (when the app closes it); one in use closes when its request ends. */
export async function closeEnvironmentReaders(projectRoot: string): Promise<void> {
  const envsDir = assayPaths(projectRoot).envsDir;
  for (const [envFile, reader] of [...readers]) {
    if (path.dirname(envFile) === envsDir) await retire(envFile, reader);
  }
}

interface KeptReader {
  /** The file's identity when opened: a build renames a new file over it. */
  version: string;
  engine: Promise<Engine>;
  users: number;
  idle?: NodeJS.Timeout;
}

const readers = new Map<string, KeptReader>();
const IDLE_MS = 15_000;

async function keptReader(envFile: string, open: () => Promise<Engine>): Promise<KeptReader | null> {
  const info = await stat(envFile).catch(() => null);
  if (!info) return null;
  const version = fileVersion(info);
  let reader = readers.get(envFile);
  if (reader?.version !== version) {
    if (reader) await retire(envFile, reader);
    reader = { version, engine: open(), users: 0 };
    readers.set(envFile, reader);
    void reader.engine.catch(() => readers.get(envFile) === reader && readers.delete(envFile));
  }
  reader.users += 1;
  clearTimeout(reader.idle);
  return reader;
}

async function release(envFile: string, reader: KeptReader): Promise<void> {
  reader.users -= 1;
  if (reader.users > 0) return;
  if (readers.get(envFile) !== reader) {
    await (await reader.engine).close();
    return;
  }
  reader.idle = setTimeout(() => {
    if (reader.users === 0 && readers.get(envFile) === reader) void retire(envFile, reader);
  }, IDLE_MS);
  reader.idle.unref();
}

/** An older version is closed once no request uses it any more. */
async function retire(envFile: string, reader: KeptReader): Promise<void> {
  if (readers.get(envFile) === reader) readers.delete(envFile);
  clearTimeout(reader.idle);
  if (reader.users === 0) await (await reader.engine.catch(() => null))?.close();
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
