import { copyFile, rename, rm } from 'node:fs/promises';
import type { RestoredEnvironment } from '../../../../shared/env-history-types.js';
import { assayPaths } from '../assay-paths.js';
import { lockEnvironment } from '../env-lock.js';
import { CatalogHistory } from './catalog-history.js';
import { checkCatalogStoreFiles, describeStoreProblems, StoreFilesMissingError } from './catalog-store-files.js';
import { environmentOf } from './environment-name.js';
import { listed } from './environment-history.js';

/**
 * `assay env restore BRANCH --to ID`: makes a kept catalog the environment's current one, with no
 * rebuild: store files are immutable and named by fingerprint, and gc keeps every one a kept
 * catalog reads. Under the environment's lock, every store file the catalog reads is first checked
 * as a build checks it (there, with the size and modification time recorded when it was written),
 * or hashed again with `verify` (as `assay verify` does); if one is missing or changed the restore
 * is refused, naming it, and nothing is changed. The catalog replaces the current one by rename, as a build publishes; the one it
 * replaces stays in the history. The next build of the branch builds from the restored catalog.
 */
export async function restoreEnvironment(projectRoot: string, branch: string, id: string, options: { verify?: boolean } = {}): Promise<RestoredEnvironment> {
  const env = environmentOf(branch, 'branch');
  const paths = assayPaths(projectRoot);
  const history = new CatalogHistory(paths.envHistoryDir, env);
  const release = await lockEnvironment(paths.lockFile(env), env);
  try {
    const record = await history.record(id);
    const catalogFile = history.catalogFile(id);
    const check = await checkCatalogStoreFiles(catalogFile, paths.storeDir, options.verify ?? false);
    if (check.problems.length > 0) {
      throw new StoreFilesMissingError(
        `cannot restore catalog ${id} of '${branch}': ${check.problems.length} of the ${check.files.length} store files it reads ${check.problems.length === 1 ? 'is' : 'are'} not there as written: ${describeStoreProblems(check.problems)}. Nothing was changed; the environment is as it was`,
        check.problems,
      );
    }
    const previousId = await history.currentId(paths.envFile(env));
    await publishCatalogCopy(catalogFile, paths.envFile(env));
    return { env, restored: listed(record, true, []), previousId, storeFilesChecked: check.files.length };
  } finally {
    await release();
  }
}

/**
 * Puts a copy of a catalog in place of an environment's, as a build publishes: written beside it
 * under a build's temporary name (which gc and the next build know to be unpublished), then renamed.
 * The caller holds the environment's lock.
 */
export async function publishCatalogCopy(catalogFile: string, envFile: string): Promise<void> {
  const temp = `${envFile}.build-${process.pid}-${Date.now()}`;
  try {
    await copyFile(catalogFile, temp);
    // A write-ahead log beside the environment would be replayed into the catalog that replaces it.
    await rm(`${envFile}.wal`, { force: true });
    await rename(temp, envFile);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}
