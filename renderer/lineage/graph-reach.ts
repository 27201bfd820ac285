/** What each node reads from and what reads it, among the nodes drawn. */
export interface LineageAdjacency {
  upstream: Map<string, string[]>;
  downstream: Map<string, string[]>;
}

export function lineageAdjacency(nodes: readonly { id: string; dependsOn: readonly string[] }[]): LineageAdjacency {
  const upstream = new Map<string, string[]>();
  const downstream = new Map<string, string[]>();
  for (const node of nodes) {
    upstream.set(node.id, []);
    downstream.set(node.id, []);
  }
  for (const node of nodes) {
    for (const parent of node.dependsOn) {
      if (!upstream.has(parent) || parent === node.id) continue;
      upstream.get(node.id)!.push(parent);
      downstream.get(parent)!.push(node.id);
    }
  }
  return { upstream, downstream };
}

/** Every node reached from `start` following one direction, with its distance; `start` itself is left out. */
export function reachable(adjacency: LineageAdjacency, start: string, direction: 'upstream' | 'downstream', maxDepth = Infinity): Map<string, number> {
  const next = adjacency[direction];
  const found = new Map<string, number>();
  let frontier = [start];
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const following: string[] = [];
    for (const id of frontier) {
      for (const neighbour of next.get(id) ?? []) {
        if (neighbour === start || found.has(neighbour)) continue;
        found.set(neighbour, depth);
        following.push(neighbour);
      }
    }
    frontier = following;
  }
  return found;
}

/** The focused node and what lies within `depth` levels up and down of it. */
export function neighbourhood(adjacency: LineageAdjacency, focus: string, depth: number): Set<string> {
  if (!adjacency.upstream.has(focus)) return new Set();
  return new Set([focus, ...reachable(adjacency, focus, 'upstream', depth).keys(), ...reachable(adjacency, focus, 'downstream', depth).keys()]);
}

/** The node a big graph opens on when nothing is selected: the first failure, else the most connected node. */
export function defaultFocus(adjacency: LineageAdjacency, order: readonly string[], isFailed: (id: string) => boolean): string | null {
  const failed = order.find(isFailed);
  if (failed) return failed;
  let best: string | null = null;
  let bestDegree = -1;
  for (const id of order) {
    const degree = (adjacency.upstream.get(id)?.length ?? 0) + (adjacency.downstream.get(id)?.length ?? 0);
    if (degree > bestDegree) {
      best = id;
      bestDegree = degree;
    }
  }
  return best;
}
