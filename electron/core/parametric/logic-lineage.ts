import type { CompiledProject } from '../compile/compiled-project.js';
import { sha256 } from '../env/fingerprint.js';

/**
 * Each node's lineage: its definition (SQL, config) and its upstream's lineages, without the
 * contents of data files. A source or seed counts by what it reads (its files' paths and its
 * config), not by the rows in them: new data keeps a parametric model's computed values, a change
 * of logic anywhere upstream recomputes them all.
 */
export function logicLineages(compiled: CompiledProject, definitions: ReadonlyMap<string, string>): Map<string, string> {
  const lineages = new Map<string, string>();
  for (const id of compiled.order) {
    const node = compiled.nodes.get(id);
    if (!node) continue;
    const data = node.source.kind === 'source' || node.source.kind === 'seed';
    const own = data ? sha256(JSON.stringify({ kind: node.kind, relation: node.relation, config: node.config, file: node.source.location.file })) : (definitions.get(id) ?? '');
    const upstream = node.dependsOn.map((dep) => lineages.get(dep) ?? 'missing').sort();
    lineages.set(id, sha256(JSON.stringify({ own, upstream })));
  }
  return lineages;
}
