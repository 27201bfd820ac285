import { readCatalog, type CatalogEntry, type CatalogInfo } from '../catalog.js';
import { sha256 } from '../fingerprint.js';

const IN_CATALOG: readonly string[] = ['built', 'reused', 'carried'];

/**
 * What a catalog shows: its commit, its status and every node's result. A build that changed
 * nothing a reader could see (a test run's build of the sources, a rebuild after a failed one
 * was fixed back) has the key of the catalog before it, and is not kept twice.
 */
export function catalogContentKey(info: Pick<CatalogInfo, 'commit' | 'status'>, entries: Iterable<CatalogEntry>): string {
  const rows = [...entries].map((e) => [e.node, e.fingerprint, e.physical ?? '', IN_CATALOG.includes(e.status) ? 'in' : 'out'].join('\t')).sort();
  return sha256([info.commit ?? '', info.status, ...rows].join('\n'));
}

/** The content key of an environment's current catalog, or null when it has none that reads. */
export async function currentContentKey(envFile: string): Promise<string | null> {
  const catalog = await readCatalog(envFile);
  return catalog.state === 'ok' ? catalogContentKey(catalog.info, catalog.entries.values()) : null;
}
