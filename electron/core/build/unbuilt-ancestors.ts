import type { NodeState } from '../../../shared/api.js';
import { selectNodes } from './select-nodes.js';
import type { CompiledProject } from '../compile/compiled-project.js';
import { reachable } from '../compile/graph.js';

/** What the environment holds as it is now: a node in any other state has to be built before what reads it. */
const UP_TO_DATE: ReadonlySet<NodeState['status']> = new Set(['built', 'reused', 'carried']);

/**
 * A save rebuilds the saved models and what reads them. Their ancestors the environment does not
 * hold up to date (never built, failed, stale) are built with them, or the saved model would fail
 * on a parent that is not there (issue 19: the first edit on a fresh project).
 */
export function withUnbuiltAncestors(compiled: CompiledProject, states: readonly NodeState[], select: string[]): string[] {
  const chosen = selectNodes(compiled, select);
  if (!chosen.ok) return select;
  const upstream = new Map([...compiled.nodes.values()].map((node) => [node.id, node.dependsOn]));
  const status = new Map(states.map((state) => [state.node, state.status]));
  const missing = [...reachable(upstream, chosen.ids)].filter((id) => !chosen.ids.has(id) && !UP_TO_DATE.has(status.get(id) ?? 'not-built'));
  return [...select, ...missing.map((id) => `id:${id}`)];
}
