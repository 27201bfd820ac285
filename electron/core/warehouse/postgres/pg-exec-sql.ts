import type { CompiledProject } from '../../compile/compiled-project.js';
import { topologicalOrder } from '../../compile/graph.js';
import type { ProjectRenderer } from '../../compile/project-renderer.js';
import { sha256 } from '../../env/fingerprint.js';
import type { SourceNode } from '../../project/project.js';
import { STORE_SCHEMA, qualified, storeObjectName } from './pg-names.js';

/** A source read from files (CSV, Parquet) is loaded into the store; one without files is a warehouse table. */
export function readsFiles(source: SourceNode): boolean {
  return source.fileGlobs.length > 0 || source.deliveredRelation !== undefined;
}

/**
 * The object each node's result has in the store when built whole: named by its fingerprint, or
 * with `refresh` (a build's id, for `--full-refresh`) by a new name, so that environments reading
 * the old objects keep them. Null for ephemeral models and sources that are warehouse tables.
 */
export function storeObjectNames(compiled: CompiledProject, fingerprints: ReadonlyMap<string, string>, refresh?: string): Map<string, string | null> {
  const objects = new Map<string, string | null>();
  for (const node of compiled.nodes.values()) {
    if (node.error) continue;
    const refreshed = refresh !== undefined && node.config.extra.full_refresh !== false;
    const fingerprint = refreshed ? sha256(`${fingerprints.get(node.id) as string}:refresh:${refresh}`) : (fingerprints.get(node.id) as string);
    const stored = node.kind === 'source' ? readsFiles(node.source as SourceNode) : node.materialization !== 'ephemeral';
    objects.set(node.id, stored ? storeObjectName(node.name, fingerprint) : null);
  }
  return objects;
}

/**
 * Renders what the build runs on the warehouse: each node reads its dependencies' store objects
 * (immutable), never an environment's views, so the environment can be swapped whole at the end.
 */
export function renderForWarehouse(compiled: CompiledProject, renderer: ProjectRenderer, objects: ReadonlyMap<string, string | null>): void {
  const graph = new Map([...compiled.nodes.values()].filter((n) => !n.error).map((n) => [n.id, n.dependsOn]));
  const ordered = topologicalOrder(graph);
  for (const id of ordered.ok ? ordered.order : compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || node.error) continue;
    const object = objects.get(id) ?? null;
    if (node.kind === 'source') {
      node.execRelation = object ? qualified(STORE_SCHEMA, object) : node.relation;
      continue;
    }
    if (object) node.relation = qualified(STORE_SCHEMA, object);
    if (node.kind !== 'model' || node.source.kind !== 'model') continue;
    const model = node.source;
    const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true });
    if (rendered.ok) node.execSql = rendered.sql.trim().replace(/;\s*$/, '');
    else node.error = rendered.error;
  }
}
