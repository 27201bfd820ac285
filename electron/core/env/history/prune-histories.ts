import type { AssayPaths } from '../assay-paths.js';
import { CatalogHistory, environmentsWithHistory } from './catalog-history.js';

export interface KeptCatalogFile {
  env: string;
  id: string;
  file: string;
}

export interface HistoryPruning {
  /** The kept catalogs that stay: gc keeps every store file they read. */
  kept: KeptCatalogFile[];
  /** Those beyond the limit (`assay: env_history`), dropped (in a dry run: that would be). */
  dropped: { env: string; id: string }[];
}

/**
 * For `assay gc`, holding every environment's lock: each environment's history cut to `limit`
 * catalogs besides the current one (the limit may have been lowered since they were kept), and the
 * catalogs that stay. The histories of `gone` environments (deleted branches) are left out: gc
 * removes them with their environment.
 */
export async function pruneHistories(paths: AssayPaths, limit: number, gone: ReadonlySet<string>, dryRun: boolean): Promise<HistoryPruning> {
  const result: HistoryPruning = { kept: [], dropped: [] };
  for (const env of await environmentsWithHistory(paths.envHistoryDir)) {
    if (gone.has(env)) continue;
    const history = new CatalogHistory(paths.envHistoryDir, env);
    const { kept, dropped } = await history.prune(limit, await history.currentId(paths.envFile(env)), dryRun);
    result.dropped.push(...dropped.map((id) => ({ env, id })));
    result.kept.push(...kept.map((r) => ({ env, id: r.id, file: history.catalogFile(r.id) })));
  }
  return result;
}
