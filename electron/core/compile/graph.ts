/** A dependency graph over node ids: `dependsOn.get(a)` lists what `a` reads. */
export type DependencyGraph = ReadonlyMap<string, readonly string[]>;

export type TopologicalOrder = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/** Dependencies before dependents; ties keep the input order so that output is stable. */
export function topologicalOrder(graph: DependencyGraph): TopologicalOrder {
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const stack: string[] = [];
  const visit = (id: string): string[] | null => {
    const seen = state.get(id);
    if (seen === 'done') return null;
    if (seen === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of graph.get(id) ?? []) {
      if (!graph.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    order.push(id);
    return null;
  };
  for (const id of graph.keys()) {
    const cycle = visit(id);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
}

export function dependents(graph: DependencyGraph): Map<string, string[]> {
  const out = new Map<string, string[]>([...graph.keys()].map((id) => [id, []]));
  for (const [id, deps] of graph) for (const dep of deps) out.get(dep)?.push(id);
  return out;
}

/** Every node reachable from `roots` along `edges` (roots excluded unless reached again). */
export function reachable(edges: ReadonlyMap<string, readonly string[]>, roots: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop() as string;
    for (const next of edges.get(id) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
