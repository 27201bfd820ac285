import type { BuildSummary } from '../../../../shared/build-types.js';
import type { CatalogOrigin, KeptCatalogRecord } from '../../../../shared/env-history-types.js';
import { buildCounts } from '../../runs/run-records.js';
import type { AssayPaths } from '../assay-paths.js';
import type { CatalogEntry, CatalogInfo } from '../catalog.js';
import { CatalogHistory } from './catalog-history.js';
import { catalogContentKey } from './catalog-content.js';

/** The record a newly made catalog gets (a build's, or a clone's or an import's). */
export function recordOfCatalog(info: CatalogInfo, entries: Iterable<CatalogEntry>, origin: CatalogOrigin, build: KeptCatalogRecord['build']): Omit<KeptCatalogRecord, 'id' | 'keptAt'> {
  return { env: info.env, branch: info.branch, commit: info.commit, builtAt: info.builtAt, envFingerprint: info.envFingerprint, contentKey: catalogContentKey(info, entries), origin, build };
}

/**
 * Called by a build, holding the environment's lock, right after its catalog was renamed into
 * place: the catalog joins the environment's history (unless it shows what the newest kept one
 * shows), and the oldest beyond `limit` go.
 */
export async function keepPublishedCatalog(paths: AssayPaths, summary: BuildSummary, info: CatalogInfo, entries: CatalogEntry[], limit: number): Promise<KeptCatalogRecord> {
  const history = new CatalogHistory(paths.envHistoryDir, info.env);
  const build = { status: info.status, counts: buildCounts(summary), ms: summary.ms };
  const record = recordOfCatalog(info, entries, { kind: 'build' }, build);
  const [newest] = await history.records();
  const kept = newest?.contentKey === record.contentKey ? newest : await history.keep(paths.envFile(info.env), record);
  await history.prune(limit, kept.id);
  return kept;
}
