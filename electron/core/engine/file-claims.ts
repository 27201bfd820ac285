/**
 * Keeps one process from opening a database file twice for writing. DuckDB's file lock is an OS lock
 * held per process, so a second engine on the same file in the same process is not stopped by it, and
 * two writers there corrupt the file. Several read-only opens may share a file.
 */
import { realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

const claims = new Map<string, { readOnly: boolean; count: number }>();

/** Claims `path` for an engine; returns the release function. In-memory databases need no claim. */
export function claimDatabaseFile(path: string, readOnly: boolean): () => void {
  if (path === ':memory:' || path === '') return () => {};
  const key = canonical(path);
  const claim = claims.get(key);
  if (claim && !(claim.readOnly && readOnly)) {
    throw new Error(`Database file ${path} is already open in this process${claim.readOnly ? ' read-only' : ''}; share that engine (open more connections) instead of opening the file again`);
  }
  claims.set(key, { readOnly, count: (claim?.count ?? 0) + 1 });
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const current = claims.get(key);
    if (current && current.count > 1) current.count -= 1;
    else claims.delete(key);
  };
}

/** The directory is resolved rather than the file, which may not exist yet when first opened. */
function canonical(path: string): string {
  const absolute = resolve(path);
  try {
    return join(realpathSync(dirname(absolute)), basename(absolute));
  } catch {
    return absolute;
  }
}
