import { access } from 'node:fs/promises';
import path from 'node:path';
import { readCatalog } from '../catalog.js';
import { storeReferences } from '../environment-files.js';
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
  const references = await storeReferences(catalogFile);
  if (references.state !== 'ok') throw new Error(`catalog ${catalogFile} cannot be read: ${references.state === 'corrupt' ? references.reason : 'it is missing'}`);
  const nodesOf = await nodesByStoreFile(catalogFile);
  const files = [...references.storeFiles].sort();
  const problems: StoreFileProblem[] = [];
  for (const name of files) {
    const file = path.join(storeDir, name);
    if (!(await access(file).then(() => true, () => false))) {
      problems.push({ file: name, nodes: nodesOf.get(name) ?? [], reason: 'it is missing' });
      continue;
    }
    const check = thorough ? await rehashStoreFile(file) : await checkStoreFile(file);
    if (check.intact === 'unrecorded') await recordStoreFile(file);
    else if (!check.intact) problems.push({ file: name, nodes: nodesOf.get(name) ?? [], reason: check.reason });
  }
  return { files, problems };
}

/** `a1b2….parquet (node model.x): it is missing; …`, for an error message. */
export function describeStoreProblems(problems: StoreFileProblem[]): string {
  return problems.map((p) => `${p.file}${p.nodes.length ? ` (${p.nodes.join(', ')})` : ''}: ${p.reason}`).join('; ');
}

async function nodesByStoreFile(catalogFile: string): Promise<Map<string, string[]>> {
  const catalog = await readCatalog(catalogFile);
  const nodes = new Map<string, string[]>();
  if (catalog.state !== 'ok') return nodes;
  for (const entry of catalog.entries.values()) {
    if (!entry.physical) continue;
    const name = path.basename(entry.physical);
    nodes.set(name, [...(nodes.get(name) ?? []), entry.node]);
  }
  return nodes;
}
