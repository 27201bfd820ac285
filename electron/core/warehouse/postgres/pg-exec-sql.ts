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
 * Renders what the build runs on the warehouse: each node reads its dependencies' store objects
 * (immutable, named by fingerprint), never an environment's views, so the environment can be
 * swapped whole at the end. Returns each node's store object (null for ephemeral models and
 * warehouse tables); with `refresh` (a build's id, for `--full-refresh`), new objects for all.
 */
export function prepareWarehouseExecution(compiled: CompiledProject, renderer: ProjectRenderer, fingerprints: ReadonlyMap<string, string>, refresh?: string): Map<string, string | null> {
  const objects = new Map<string, string | null>();
  const graph = new Map([...compiled.nodes.values()].filter((n) => !n.error).map((n) => [n.id, n.dependsOn]));
  const ordered = topologicalOrder(graph);
  for (const id of ordered.ok ? ordered.order : compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node || node.error) continue;
    // `--full-refresh` computes every node again into new objects (the old ones stay for the environments that read them).
    const refreshed = refresh !== undefined && node.config.extra.full_refresh !== false;
    const fingerprint = refreshed ? sha256(`${fingerprints.get(id) as string}:refresh:${refresh}`) : (fingerprints.get(id) as string);
    if (node.kind === 'source') {
      const object = readsFiles(node.source as SourceNode) ? storeObjectName(node.name, fingerprint) : null;
      objects.set(id, object);
      node.execRelation = object ? qualified(STORE_SCHEMA, object) : node.relation;
      continue;
    }
    const object = node.materialization === 'ephemeral' ? null : storeObjectName(node.name, fingerprint);
    objects.set(id, object);
    if (object) node.relation = qualified(STORE_SCHEMA, object);
    if (node.kind !== 'model' || node.source.kind !== 'model') continue;
    const model = node.source;
    const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, absolute: true });
    if (rendered.ok) node.execSql = rendered.sql.trim().replace(/;\s*$/, '');
    else node.error = rendered.error;
  }
  return objects;
}
