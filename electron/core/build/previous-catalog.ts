import { copyFile } from 'node:fs/promises';
import type { CompiledNode, CompiledProject } from '../compile/compiled-project.js';
import type { EngineConnection } from '../engine/engine.js';
import type { CatalogEntry, CatalogInfo } from '../env/catalog.js';
import { entryRelation } from '../env/catalog-relation.js';
import { sessionStatements } from '../project/dbt-profile.js';

/**
 * A rebuild of an environment built before from the same folder starts from a copy of its catalog
 * and touches only what changed: the cost of a build follows the change, not the project's size.
 */

const IN_CATALOG: readonly string[] = ['built', 'reused', 'carried'];

/**
 * Copies the previous catalog to `tempFile` when it can be started from. Hooks may create objects a
 * build expects not to exist yet, so a project with any hook builds a fresh catalog, as does
 * --full-refresh, and a catalog built from another folder or with another session.
 */
export async function copyPreviousCatalog(input: { info: CatalogInfo | null; compiled: CompiledProject; buildRoot: string; fullRefresh: boolean; envFile: string; tempFile: string }): Promise<boolean> {
  const { info, compiled } = input;
  const { project } = compiled;
  const hooked = (project.config['on-run-start'] ?? []).length > 0 || (project.config['on-run-end'] ?? []).length > 0 || [...compiled.nodes.values()].some((n) => n.hooks);
  if (!info || hooked || input.fullRefresh || info.root !== input.buildRoot || JSON.stringify(info.setup) !== JSON.stringify(sessionStatements(project.session))) return false;
  return copyFile(input.envFile, input.tempFile).then(() => true, () => false);
}

/** The view a node had in the copied catalog is still what the node's result is. */
export function stillInCatalog(node: CompiledNode, previous: CatalogEntry, fingerprint: string): boolean {
  return previous.fingerprint === fingerprint &&
    IN_CATALOG.includes(previous.status) &&
    previous.materialization === node.materialization &&
    previous.objectName === (node.objectName ?? null) &&
    (previous.objectSchema ?? 'main') === (node.objectSchema ?? 'main') &&
    !node.usesExecute;
}

/** Drops the copied catalog's views that this build did not make again: their nodes failed, were skipped, renamed or removed. */
export async function dropLeftoverViews(conn: EngineConnection, previous: Iterable<CatalogEntry>, built: Iterable<CatalogEntry>): Promise<void> {
  const relationOf = (e: CatalogEntry) => (e.objectName && e.materialization !== 'ephemeral' && e.kind !== 'source' ? entryRelation(e) : null);
  const made = new Set([...built].filter((e) => IN_CATALOG.includes(e.status)).map(relationOf));
  for (const entry of previous) {
    const relation = relationOf(entry);
    if (relation === null || made.has(relation)) continue;
    const dropped = await conn.query(`DROP VIEW IF EXISTS ${relation}`);
    if (!dropped.ok) throw new Error(`removing ${entry.node}'s previous view ${relation} failed: ${dropped.error}`);
  }
}
