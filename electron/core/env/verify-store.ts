import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { assayPaths } from './assay-paths.js';
import { recordStoreFile, rehashStoreFile, setAsideStoreFile } from './store-records.js';

export interface StoreVerification {
  /** Store files whose content was hashed again. */
  checked: number;
  /** Files written before records existed: recorded now, as they are. */
  recorded: string[];
  /** Files that are not what was written, moved aside so that the next build writes them again. */
  changed: { file: string; reason: string; movedTo: string }[];
}

/**
 * `assay verify`: every store file hashed again and compared with what was recorded when it was
 * written. Builds and tests only compare size and modification time, which a change that keeps
 * both would pass; this catches it. A changed file is set aside (see store-records.ts), so no
 * environment is called up to date over it and no cached outcome is found for it.
 */
export async function verifyStore(projectRoot: string): Promise<StoreVerification> {
  const { storeDir } = assayPaths(projectRoot);
  const result: StoreVerification = { checked: 0, recorded: [], changed: [] };
  const names = (await readdir(storeDir).catch(() => [] as string[])).filter((name) => name.endsWith('.parquet')).sort();
  for (const name of names) {
    const file = path.join(storeDir, name);
    const check = await rehashStoreFile(file).catch(() => null);
    // Gone since the listing (gc, or a build's rename): nothing to verify.
    if (!check) continue;
    result.checked++;
    if (check.intact === 'unrecorded') {
      await recordStoreFile(file);
      result.recorded.push(file);
    } else if (!check.intact) {
      result.changed.push({ file, reason: check.reason, movedTo: await setAsideStoreFile(file) });
    }
  }
  return result;
}
