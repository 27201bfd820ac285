import type { CompiledProject } from '../compile/compiled-project.js';
import { dependents, reachable } from '../compile/graph.js';

/** What `state:` selectors compare with: each node's definition here and in the base environment. */
export interface SelectionState {
  definitions: Map<string, string>;
  base: Map<string, string> | null;
}

/**
 * dbt's node selection, the common subset: `name`, `+name` (with its ancestors), `name+` (with its
 * descendants), `tag:x`, `path:models/staging`, `source:lake.customers`, `package:dbt_utils` (the project's own name for its own nodes), `resource_type:model|seed|
 * snapshot|source`, `config.materialized:table`, `state:modified` / `state:new` (against the base
 * environment), several separated by spaces. `exclude` takes the same selectors away. Returns the
 * selected ids, or the selector that matched nothing.
 */
export function selectNodes(compiled: CompiledProject, selectors: string[], exclude: string[] = [], state?: SelectionState): { ok: true; ids: Set<string> } | { ok: false; error: string } {
  const chosen = resolveSelectors(compiled, selectors.length > 0 ? selectors : [...compiled.nodes.keys()].map((id) => `id:${id}`), '--select', state);
  if (!chosen.ok || exclude.length === 0) return chosen;
  const removed = resolveSelectors(compiled, exclude, '--exclude', state);
  if (!removed.ok) return removed;
  return { ok: true, ids: new Set([...chosen.ids].filter((id) => !removed.ids.has(id))) };
}

function resourceType(node: CompiledProject['nodes'] extends Map<string, infer N> ? N : never): string {
  if (node.kind === 'model' && node.materialization === 'snapshot') return 'snapshot';
  return node.kind;
}

function resolveSelectors(compiled: CompiledProject, selectors: string[], flag: string, state?: SelectionState): { ok: true; ids: Set<string> } | { ok: false; error: string } {
  const upstream = new Map([...compiled.nodes.values()].map((n) => [n.id, n.dependsOn]));
  const downstream = dependents(upstream);
  const ids = new Set<string>();
  for (const raw of selectors.flatMap((s) => s.split(/\s+/)).filter(Boolean)) {
    const withAncestors = raw.startsWith('+');
    const withDescendants = raw.endsWith('+');
    const selector = raw.replace(/^\+/, '').replace(/\+$/, '');
    if (selector.startsWith('state:') && !state?.base) return { ok: false, error: `${flag} '${raw}' needs the base environment: build the base branch first` };
    const matched = [...compiled.nodes.values()].filter((node) => {
      if (selector.startsWith('id:')) return node.id === selector.slice(3);
      if (selector.startsWith('tag:')) return node.config.tags.includes(selector.slice(4));
      if (selector.startsWith('resource_type:')) return resourceType(node) === selector.slice(14);
      if (selector.startsWith('config.materialized:')) return node.materialization === selector.slice(20);
      if (selector === 'state:new') return !state?.base?.has(node.id);
      if (selector === 'state:modified') return state?.base?.get(node.id) !== state?.definitions.get(node.id);
      if (selector.startsWith('package:')) return (node.source.package ?? compiled.project.name) === selector.slice(8);
      if (selector.startsWith('path:')) return node.source.location.file.startsWith(selector.slice(5).replace(/\/$/, ''));
      if (selector.startsWith('source:')) return node.id === selector || node.id.startsWith(`${selector}.`);
      return node.id === selector || node.name === selector;
    }).map((n) => n.id);
    // A kind or a state may hold no node in this project; a name, tag or path that matches nothing is a typo.
    if (matched.length === 0 && !selector.startsWith('state:') && !selector.startsWith('resource_type:')) return { ok: false, error: `${flag} '${raw}' matches no node` };
    for (const id of matched) ids.add(id);
    if (withAncestors) for (const id of reachable(upstream, matched)) ids.add(id);
    if (withDescendants) for (const id of reachable(downstream, matched)) ids.add(id);
  }
  return { ok: true, ids };
}
