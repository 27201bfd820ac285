import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { AssayPaths } from './assay-paths.js';
import { forgetAsOfUse } from './as-of-use.js';

/**
 * Removes an environment's files: its catalog and kept catalogs (so that gc frees what they read),
 * its run history and test reports, and for an as-of environment when it was last used. Call it
 * holding the environment's lock.
 */
export async function removeEnvironmentFiles(paths: AssayPaths, env: string): Promise<void> {
  const envFile = paths.envFile(env);
  await rm(envFile, { force: true });
  await rm(`${envFile}.wal`, { force: true });
  await rm(path.join(paths.runsDir, env), { recursive: true, force: true });
  await rm(path.join(paths.historyDir, `${env}.jsonl`), { force: true });
  await rm(path.join(paths.envHistoryDir, env), { recursive: true, force: true });
  for (const report of ['latest.json', 'board.json']) await rm(path.join(paths.reportsDir, `${env}.${report}`), { force: true });
  await forgetAsOfUse(paths, env);
}
