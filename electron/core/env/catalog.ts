import { stat } from 'node:fs/promises';
import type { NodeBuildStatus } from '../../../shared/build-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';

/**
 * An environment file is a catalog: one view per node over immutable results in the store, plus
 * two tables recording what was built, from where, and how it went.
 */
export interface CatalogInfo {
  env: string;
  branch: string | null;
  commit: string | null;
  /** The folder the project was read from; relative paths in sources resolve against it. */
  root: string;
  builtAt: string;
  status: 'ok' | 'failed';
  envFingerprint: string;
  /** What every connection to the environment runs first: the profile's extensions and settings. */
  setup: string[];
}

export interface CatalogEntry {
  node: string;
  kind: string;
  materialization: string;
  objectName: string | null;
  /** The schema of its view inside the environment; `main` (and absent from catalogs written before custom schemas). */
  objectSchema?: string | null;
  fingerprint: string;
  /** The node's definition hash (its fingerprint without upstream): tells direct from indirect changes. */
  definition: string;
  /** The store file holding the node's rows; null for views, sources and ephemeral models. */
  physical: string | null;
  rows: number | null;
  status: NodeBuildStatus;
  ms: number | null;
  error: string | null;
}

export type CatalogRead =
  | { state: 'ok'; info: CatalogInfo; entries: Map<string, CatalogEntry> }
  | { state: 'missing' }
  | { state: 'corrupt'; reason: string };

const INFO_TABLE = '_assay_env';
const NODES_TABLE = '_assay_nodes';

/**
 * Environment files are replaced by rename, never written in place, so a file's identity (inode,
 * size, modification time) names one version of a catalog: a version read once is not read again.
 */
const readCatalogs = new Map<string, { version: string; catalog: CatalogRead & { state: 'ok' } }>();

export async function readCatalog(envFile: string): Promise<CatalogRead> {
  const info = await stat(envFile).catch(() => null);
  if (!info) return { state: 'missing' };
  const version = fileVersion(info);
  let known = readCatalogs.get(envFile);
  if (known?.version !== version) {
    const catalog = await readCatalogFile(envFile);
    if (catalog.state !== 'ok') {
      readCatalogs.delete(envFile);
      return catalog;
    }
    known = { version, catalog };
    readCatalogs.set(envFile, known);
  }
  return { ...known.catalog, entries: new Map(known.catalog.entries) };
}

/**
 * What a build that just renamed its catalog into place wrote, remembered as the next read would
 * find it: the loop's next build, and the app's status and previews, need not open the file again
 * (opening a catalog of 1,000 views costs about 100 ms). Called under the environment's lock.
 */
export async function rememberCatalog(envFile: string, info: CatalogInfo, entries: CatalogEntry[]): Promise<void> {
  const file = await stat(envFile);
  // The build's entries have the fields and values a read gives back (test/build/catalog.test.ts holds it to that).
  const read = new Map(entries.map((entry) => [entry.node, Object.freeze({ ...entry })]));
  readCatalogs.set(envFile, { version: fileVersion(file), catalog: { state: 'ok', info: Object.freeze({ ...info, setup: [...info.setup] }), entries: read } });
}

/** A file's identity and content version as the file system tells it: a build renames a new environment over the old. */
export function fileVersion(file: { dev: number; ino: number; size: number; mtimeMs: number }): string {
  return `${file.dev}:${file.ino}:${file.size}:${file.mtimeMs}`;
}

async function readCatalogFile(envFile: string): Promise<CatalogRead> {
  let engine;
  try {
    engine = await openEngine({ path: envFile, readOnly: true });
  } catch (err) {
    return { state: 'corrupt', reason: err instanceof Error ? err.message : String(err) };
  }
  try {
    const conn = await engine.connect();
    const info = await conn.query(`SELECT * FROM ${INFO_TABLE}`);
    const nodes = await conn.query(`SELECT * FROM ${NODES_TABLE}`);
    await conn.close();
    if (!info.ok) return { state: 'corrupt', reason: info.error };
    if (!nodes.ok) return { state: 'corrupt', reason: nodes.error };
    const row = info.rows[0];
    if (!row) return { state: 'corrupt', reason: `${INFO_TABLE} is empty` };
    const entries = new Map(nodes.rows.map((r) => [String(r.node), Object.freeze(r) as unknown as CatalogEntry]));
    // Catalogs written before the profile was read have no setup column.
    const setup = typeof row.setup === 'string' ? (JSON.parse(row.setup) as string[]) : [];
    return { state: 'ok', info: Object.freeze({ ...(row as unknown as CatalogInfo), setup }), entries };
  } finally {
    await engine.close();
  }
}

/**
 * Writes what was built. `copiedFrom` is the previous catalog's entries when the file being written
 * is a copy of it: then only the rows that differ are written, so that the cost follows the change.
 */
export async function writeCatalogTables(conn: EngineConnection, info: CatalogInfo, entries: CatalogEntry[], copiedFrom?: ReadonlyMap<string, CatalogEntry>): Promise<void> {
  // One transaction, one INSERT per table: every commit costs a write to disk.
  await must(conn, 'BEGIN TRANSACTION');
  await must(conn, `CREATE OR REPLACE TABLE ${INFO_TABLE} (env VARCHAR, branch VARCHAR, "commit" VARCHAR, root VARCHAR, builtAt VARCHAR, status VARCHAR, envFingerprint VARCHAR, setup VARCHAR)`);
  await insertRows(conn, INFO_TABLE, [[info.env, info.branch, info.commit, info.root, info.builtAt, info.status, info.envFingerprint, JSON.stringify(info.setup)]]);
  let written = entries;
  if (copiedFrom) {
    written = entries.filter((e) => !sameRow(e, copiedFrom.get(e.node)));
    const kept = new Set(entries.map((e) => e.node));
    const stale = [...written.map((e) => e.node), ...[...copiedFrom.keys()].filter((node) => !kept.has(node))].filter((node) => copiedFrom.has(node));
    if (stale.length > 0) await must(conn, `DELETE FROM ${NODES_TABLE} WHERE node IN (${stale.map((_, i) => `$${i + 1}`).join(', ')})`, stale);
  } else {
    await must(conn, `CREATE OR REPLACE TABLE ${NODES_TABLE} (node VARCHAR, kind VARCHAR, materialization VARCHAR, objectName VARCHAR, fingerprint VARCHAR, definition VARCHAR, physical VARCHAR, "rows" BIGINT, status VARCHAR, ms BIGINT, error VARCHAR, objectSchema VARCHAR)`);
  }
  await insertRows(conn, NODES_TABLE, written.map(rowOf));
  await must(conn, 'COMMIT');
}

function rowOf(e: CatalogEntry): SqlValue[] {
  return [e.node, e.kind, e.materialization, e.objectName, e.fingerprint, e.definition, e.physical, e.rows, e.status, e.ms, e.error, e.objectSchema ?? 'main'];
}

function sameRow(entry: CatalogEntry, previous: CatalogEntry | undefined): boolean {
  if (!previous) return false;
  const a = rowOf(entry);
  const b = rowOf({ ...previous, rows: previous.rows === null ? null : Number(previous.rows), ms: previous.ms === null ? null : Number(previous.ms) });
  return a.every((value, i) => value === b[i]);
}

async function insertRows(conn: EngineConnection, table: string, rows: SqlValue[][]): Promise<void> {
  if (rows.length === 0) return;
  let n = 0;
  const tuples = rows.map((row) => `(${row.map(() => `$${++n}`).join(', ')})`);
  await must(conn, `INSERT INTO ${table} VALUES ${tuples.join(', ')}`, rows.flat());
}

async function must(conn: EngineConnection, sql: string, params?: SqlValue[]): Promise<void> {
  const result = await conn.query(sql, params);
  if (!result.ok) throw new Error(`writing the environment catalog failed: ${result.error}`);
}
