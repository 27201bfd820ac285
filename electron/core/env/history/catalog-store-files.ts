import { access } from 'node:fs/promises';
import path from 'node:path';
import { readCatalog } from '../catalog.js';
import { readViewSql } from '../environment-files.js';
import { sqlString } from '../../sql/sql-text.js';
import { checkStoreFile, recordStoreFile, rehashStoreFile } from '../store-records.js';

export interface StoreFileProblem {
  /** The store file's name. */
  file: string;
  /** The nodes whose results it holds, as the catalog names them. */
  nodes: string[];
  reason: string;
}

export interface CatalogStoreCheck {
  /** The store files the catalog reads (names inside `.assay/store/`). */
  files: string[];
  problems: StoreFileProblem[];
}

/** Thrown when a catalog cannot be made current because what it reads is gone or changed; nothing was changed. */
export class StoreFilesMissingError extends Error {
  constructor(message: string, readonly problems: StoreFileProblem[]) {
    super(message);
  }
}

/**
 * Whether every store file a catalog reads is there and still what was written: by its recorded
 * SHA-256 (`thorough`, as `assay verify` checks) or by its recorded size and modification time
 * (what a build checks). A file written before records existed is recorded as it is.
 */
export async function checkCatalogStoreFiles(catalogFile: string, storeDir: string, thorough: boolean): Promise<CatalogStoreCheck> {
  const { files, nodesOf } = await storeFilesRead(catalogFile, storeDir);
  const reasons = new Map<string, string>();
  const checkOne = async (name: string) => {
    const file = path.join(storeDir, name);
    if (!(await access(file).then(() => true, () => false))) return reasons.set(name, 'it is missing');
    const check = thorough ? await rehashStoreFile(file) : await checkStoreFile(file);
    if (check.intact === 'unrecorded') await recordStoreFile(file);
    else if (!check.intact) reasons.set(name, check.reason);
  };
  // Two files at a time: hashing is as much CPU as disk, and a laptop has at least two cores.
  const queue = [...files];
  await Promise.all([0, 1].map(async () => {
    for (let name = queue.shift(); name !== undefined; name = queue.shift()) await checkOne(name);
  }));
  const problems = files.filter((name) => reasons.has(name)).map((name) => ({ file: name, nodes: nodesOf.get(name) ?? [], reason: reasons.get(name) as string }));
  return { files, problems };
}

/**
 * The store files a catalog reads (names inside `storeDir`), and the nodes each holds: every node's
 * result, and every file of the store its views name. Files a view reads from elsewhere (a model
 * reading a Parquet file of the project directly) are the project's, not the store's.
 */
export async function storeFilesRead(catalogFile: string, storeDir: string): Promise<{ files: string[]; nodesOf: Map<string, string[]> }> {
  const catalog = await readCatalog(catalogFile);
  const views = await readViewSql(catalogFile).catch((err: Error) => ({ ok: false as const, error: err.message }));
  if (catalog.state !== 'ok' || !views.ok) {
    throw new Error(`catalog ${catalogFile} cannot be read: ${catalog.state === 'corrupt' ? catalog.reason : catalog.state === 'missing' ? 'it is missing' : views.ok ? '' : views.error}`);
  }
  const nodesOf = new Map<string, string[]>();
  for (const entry of catalog.entries.values()) {
    if (entry.physical && path.dirname(entry.physical) === storeDir) {
      const name = path.basename(entry.physical);
      nodesOf.set(name, [...(nodesOf.get(name) ?? []), entry.node]);
    }
  }
  const files = new Set(nodesOf.keys());
  const inStore = new RegExp(`'${escapeRegExp(sqlString(storeDir + path.sep).slice(1, -1))}([^/\\\\']+\\.parquet)'`, 'g');
  for (const sql of views.sql) for (const [, name] of sql.matchAll(inStore)) files.add(name as string);
  return { files: [...files].sort(), nodesOf };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `a1b2….parquet (node model.x): it is missing; …`, for an error message. */
export function describeStoreProblems(problems: StoreFileProblem[]): string {
  return problems.map((p) => `${p.file}${p.nodes.length ? ` (${p.nodes.join(', ')})` : ''}: ${p.reason}`).join('; ');
}
