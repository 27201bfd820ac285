import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { openEngine } from '../engine/open-engine.js';
import { readCatalog } from './catalog.js';

/** What `.assay/envs/` holds, sorted by what each file means to garbage collection. */
export interface EnvironmentFiles {
  /** `<env>.duckdb`: published catalogs. */
  catalogs: string[];
  /** `<env>.lock`: builds in flight, or left by builds that died. */
  locks: string[];
  /** `<env>.duckdb.build-<pid>-<time>`: catalogs a build is writing (or was, when it died). */
  unpublished: { env: string; file: string; pid: number }[];
  /** `<env>.duckdb.corrupt-<time>`: unreadable catalogs a build moved aside before rebuilding. */
  movedAside: { env: string; file: string }[];
}

const CATALOG = /^(?<env>.+)\.duckdb$/;
const LOCK = /^(?<env>.+)\.lock$/;
const UNPUBLISHED = /^(?<env>.+)\.duckdb\.build-(?<pid>\d+)-\d+$/;
const MOVED_ASIDE = /^(?<env>.+)\.duckdb\.corrupt-\d+$/;

export async function listEnvironmentFiles(envsDir: string): Promise<EnvironmentFiles> {
  const files: EnvironmentFiles = { catalogs: [], locks: [], unpublished: [], movedAside: [] };
  for (const name of (await readdir(envsDir).catch(() => [] as string[])).sort()) {
    const file = path.join(envsDir, name);
    const catalog = CATALOG.exec(name)?.groups;
    const lock = LOCK.exec(name)?.groups;
    const unpublished = UNPUBLISHED.exec(name)?.groups;
    const movedAside = MOVED_ASIDE.exec(name)?.groups;
    if (catalog) files.catalogs.push(catalog.env as string);
    else if (lock) files.locks.push(lock.env as string);
    else if (unpublished) files.unpublished.push({ env: unpublished.env as string, file, pid: Number(unpublished.pid) });
    else if (movedAside) files.movedAside.push({ env: movedAside.env as string, file });
  }
  return files;
}

export type StoreReferences =
  | { state: 'ok'; storeFiles: Set<string> }
  | { state: 'missing' }
  | { state: 'corrupt'; reason: string };

/**
 * The names of the store files a catalog reads: each node's recorded result, and every Parquet
 * file its views name. The views are what DuckDB actually reads, and a view can read a file that is
 * no node's own result (a view over a source snapshot, when that source was carried from an
 * earlier build by `--select`).
 */
export async function storeReferences(envFile: string): Promise<StoreReferences> {
  const catalog = await readCatalog(envFile);
  if (catalog.state !== 'ok') return catalog;
  const viewSql = await readViewSql(envFile);
  if (!viewSql.ok) return { state: 'corrupt', reason: viewSql.error };
  const storeFiles = new Set<string>();
  for (const entry of catalog.entries.values()) {
    if (entry.physical) storeFiles.add(path.basename(entry.physical));
  }
  for (const sql of viewSql.sql) {
    for (const [name] of sql.matchAll(/[^/\\'"]+\.parquet\b/g)) storeFiles.add(name);
  }
  return { state: 'ok', storeFiles };
}

export async function readViewSql(envFile: string): Promise<{ ok: true; sql: string[] } | { ok: false; error: string }> {
  const engine = await openEngine({ path: envFile, readOnly: true });
  try {
    const conn = await engine.connect();
    const views = await conn.query('SELECT sql FROM duckdb_views() WHERE NOT internal');
    await conn.close();
    return views.ok ? { ok: true, sql: views.rows.map((r) => String(r.sql)) } : views;
  } finally {
    await engine.close();
  }
}
