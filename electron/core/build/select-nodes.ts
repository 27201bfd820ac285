import type { CompiledProject } from '../compile/compiled-project.js';
import { dependents, reachable } from '../compile/graph.js';

/**
 * dbt's node selection, the common subset: `name`, `+name` (with its ancestors), `name+` (with its
 * descendants), `tag:x`, `path:models/staging`, `source:lake.customers`, several separated by spaces.
 * Returns the selected ids, or the selector that matched nothing.
 */
export function selectNodes(compiled: CompiledProject, selectors: string[]): { ok: true; ids: Set<string> } | { ok: false; error: string } {
  const upstream = new Map([...compiled.nodes.values()].map((n) => [n.id, n.dependsOn]));
  const downstream = dependents(upstream);
  const ids = new Set<string>();
  for (const raw of selectors.flatMap((s) => s.split(/\s+/)).filter(Boolean)) {
    const withAncestors = raw.startsWith('+');
    const withDescendants = raw.endsWith('+');
    const selector = raw.replace(/^\+/, '').replace(/\+$/, '');
    const matched = [...compiled.nodes.values()].filter((node) => {
      if (selector.startsWith('tag:')) return node.config.tags.includes(selector.slice(4));
      if (selector.startsWith('path:')) return node.source.location.file.startsWith(selector.slice(5).replace(/\/$/, ''));
      if (selector.startsWith('source:')) return node.id === selector || node.id.startsWith(`${selector}.`);
      return node.id === selector || node.name === selector;
    }).map((n) => n.id);
    if (matched.length === 0) return { ok: false, error: `--select '${raw}' matches no node` };
    for (const id of matched) ids.add(id);
    if (withAncestors) for (const id of reachable(upstream, matched)) ids.add(id);
    if (withDescendants) for (const id of reachable(downstream, matched)) ids.add(id);
  }
  return { ok: true, ids };
}
