import path from 'node:path';
import { assayPaths } from '../env/assay-paths.js';

/** Where the refreshes of a project keep their state, under its (git-ignored) `.assay/refresh/`. */
export interface RefreshFiles {
  dir: string;
  /** Held while a refresh runs (refresh-lock.ts). */
  lock: string;
  /** One JSON line per refresh, the newest last (refresh-log.ts). */
  records: string;
  /** The same refreshes for a person to read. */
  text: string;
}

export function refreshFiles(projectRoot: string): RefreshFiles {
  const dir = path.join(assayPaths(projectRoot).dir, 'refresh');
  return { dir, lock: path.join(dir, 'refresh.lock'), records: path.join(dir, 'refreshes.jsonl'), text: path.join(dir, 'refresh.log') };
}
