import type { NodeState } from '../../../shared/api.js';
import { NOT_SELECTED } from '../../../shared/build-types.js';
import type { CatalogEntry } from './catalog.js';

/**
 * Every node as an environment's catalog holds it, against the fingerprints the project has now:
 * built (and how), not built, or stale (built from SQL, config or data that have changed since).
 */
export function catalogStates(order: readonly string[], entries: ReadonlyMap<string, CatalogEntry>, fingerprints: ReadonlyMap<string, string>): NodeState[] {
  return order.map((node): NodeState => {
    const entry = entries.get(node);
    // Left out of a partial build (a save) and never built before: not built, not skipped over a failure.
    if (!entry || (entry.status === 'skipped' && entry.error === NOT_SELECTED)) return { node, status: 'not-built' };
    const rows = entry.rows === null || entry.rows === undefined ? undefined : Number(entry.rows);
    const error = entry.error ?? undefined;
    const status = entry.fingerprint === fingerprints.get(node) ? entry.status : 'stale';
    return { node, status, ...(rows === undefined ? {} : { rows }), ...(error ? { error } : {}) };
  });
}
