import type { NodeState } from '../../../shared/api.js';
import { NOT_SELECTED } from '../../../shared/build-types.js';
import { assayPaths } from '../env/assay-paths.js';
import { readCatalog } from '../env/catalog.js';
import { FileHashes } from '../env/file-hashes.js';
import { fingerprintProject } from '../env/fingerprint.js';
import type { ProjectSnapshot } from './project-session.js';

/**
 * Every node of the open project as the branch environment holds it: built (and how), not built,
 * or stale (built from SQL, config or data that have changed since).
 */
export async function nodeStates(snapshot: ProjectSnapshot, env: string): Promise<NodeState[]> {
  const { compiled } = snapshot;
  const catalog = await readCatalog(assayPaths(snapshot.project.root).envFile(env));
  if (catalog.state !== 'ok') {
    const error = catalog.state === 'corrupt' ? `environment '${env}' cannot be read: ${catalog.reason}` : undefined;
    return compiled.order.map((node) => ({ node, status: 'not-built', ...(error ? { error } : {}) }));
  }
  // The cache is read but not saved: the build owns the file, and saving here could race with it.
  const hashes = await FileHashes.open(assayPaths(snapshot.project.root).fileHashes);
  const fingerprints = await fingerprintProject(compiled, hashes);
  return compiled.order.map((node): NodeState => {
    const entry = catalog.entries.get(node);
    // Left out of a partial build (a save) and never built before: not built, not skipped over a failure.
    if (!entry || (entry.status === 'skipped' && entry.error === NOT_SELECTED)) return { node, status: 'not-built' };
    const rows = entry.rows === null || entry.rows === undefined ? undefined : Number(entry.rows);
    const error = entry.error ?? undefined;
    const status = entry.fingerprint === fingerprints.get(node) ? entry.status : 'stale';
    return { node, status, ...(rows === undefined ? {} : { rows }), ...(error ? { error } : {}) };
  });
}
