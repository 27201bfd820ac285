import { access, rename } from 'node:fs/promises';
import type { KeptCatalog } from '../../../../shared/env-history-types.js';
import { openRepo } from '../../git/open-repo.js';
import { localBranchNames } from '../../git/refs.js';
import { assayPaths } from '../assay-paths.js';
import { readCatalog } from '../catalog.js';
import { lockEnvironment } from '../env-lock.js';
import { checkCatalogStoreFiles, describeStoreProblems, StoreFilesMissingError } from './catalog-store-files.js';
import { environmentHistory, listed } from './environment-history.js';
import { environmentOf } from './environment-name.js';
import { CatalogHistory } from './catalog-history.js';
import { recordOfCatalog } from './keep-catalog.js';
import { readHistoryLimit } from './history-limit.js';
import { writeCatalogCopy } from './rewrite-catalog.js';

export class EnvironmentExistsError extends Error {}

/**
 * `assay env clone A B`: a new environment B showing what A shows now, at no cost in data: its
 * catalog is a copy of A's (views over the same immutable store files), so the two never share a
 * file that either writes. B starts its own history with this catalog. When git has a branch B,
 * the clone is that branch's environment (its next build starts from it); otherwise it names no
 * branch, so gc does not take it for a deleted branch's. B must not exist yet: nothing is replaced.
 */
export async function cloneEnvironment(projectRoot: string, from: string, to: string): Promise<KeptCatalog> {
  const [source, target] = [environmentOf(from, 'branch'), environmentOf(to, 'environment')];
  const paths = assayPaths(projectRoot);
  const catalog = await readCatalog(paths.envFile(source));
  if (catalog.state !== 'ok') throw new EnvironmentExistsError(`cannot clone '${from}': ${catalog.state === 'missing' ? 'it has no environment yet (build it first)' : `its environment cannot be read (${catalog.reason})`}`);
  const release = await lockEnvironment(paths.lockFile(target), target);
  try {
    if (await access(paths.envFile(target)).then(() => true, () => false)) {
      throw new EnvironmentExistsError(`cannot clone '${from}' to '${to}': environment '${to}' exists (${paths.envFile(target)}); nothing was replaced. Pick another name, or restore one of its kept catalogs instead`);
    }
    const check = await checkCatalogStoreFiles(paths.envFile(source), paths.storeDir, false);
    if (check.problems.length > 0) throw new StoreFilesMissingError(`cannot clone '${from}': ${describeStoreProblems(check.problems)}; build '${from}' again first. Nothing was changed`, check.problems);
    const branch = (await gitHasBranch(projectRoot, to)) ? to : null;
    const temp = `${paths.envFile(target)}.build-${process.pid}-${Date.now()}`;
    await writeCatalogCopy(paths.envFile(source), temp, { env: target, branch });
    await rename(temp, paths.envFile(target));
    const cloned = await readCatalog(paths.envFile(target));
    if (cloned.state !== 'ok') throw new Error(`the clone ${paths.envFile(target)} cannot be read back: ${cloned.state === 'corrupt' ? cloned.reason : 'it is missing'}`);
    const known = (await environmentHistory(projectRoot, from)).catalogs.find((c) => c.current);
    const history = new CatalogHistory(paths.envHistoryDir, target);
    const build = known?.build ?? { status: cloned.info.status, counts: { built: 0, reused: cloned.entries.size, failed: 0, skipped: 0 }, ms: 0 };
    const record = await history.keep(paths.envFile(target), { ...recordOfCatalog(cloned.info, cloned.entries.values(), { kind: 'clone', from }, build), tests: known?.tests ?? null });
    await history.prune(await readHistoryLimit(projectRoot), record.id);
    return listed(record, true, []);
  } finally {
    await release();
  }
}

async function gitHasBranch(projectRoot: string, branch: string): Promise<boolean> {
  const opened = await openRepo(projectRoot);
  return opened.ok ? ((await localBranchNames(opened.repo))?.has(branch) ?? false) : false;
}
