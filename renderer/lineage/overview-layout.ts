import type { LineageAdjacency } from './graph-reach.js';

/** A node's place in the overview, as fractions (0..1) of the overview's width and height. */
export interface OverviewPoint {
  id: string;
  x: number;
  y: number;
}

/**
 * A cheap whole-graph picture for big projects (dagre takes seconds on 1,000 nodes): a column per
 * rank, a node's rank being its longest distance from a node that reads nothing, each column's
 * nodes spread evenly down the height in the given order.
 */
export function overviewLayout(order: readonly string[], adjacency: LineageAdjacency): OverviewPoint[] {
  const rank = new Map<string, number>();
  const rankOf = (start: string): number => {
    // Iterative depth-first walk: a deep chain of 1,000 models would overflow a recursive one.
    const stack: { id: string; visiting: boolean }[] = [{ id: start, visiting: false }];
    const onPath = new Set<string>();
    while (stack.length > 0) {
      const top = stack.pop()!;
      if (rank.has(top.id)) continue;
      const parents = adjacency.upstream.get(top.id) ?? [];
      if (top.visiting) {
        onPath.delete(top.id);
        rank.set(top.id, parents.reduce((most, parent) => Math.max(most, (rank.get(parent) ?? -1) + 1), 0));
        continue;
      }
      onPath.add(top.id);
      stack.push({ id: top.id, visiting: true });
      // A cycle is reported by the project; here it only must not loop.
      for (const parent of parents) if (!rank.has(parent) && !onPath.has(parent)) stack.push({ id: parent, visiting: false });
    }
    return rank.get(start) ?? 0;
  };
  const columns: string[][] = [];
  for (const id of order) (columns[rankOf(id)] ??= []).push(id);
  const width = Math.max(1, columns.length);
  return columns.flatMap((column, x) => (column ?? []).map((id, y) => ({ id, x: (x + 0.5) / width, y: (y + 0.5) / column.length })));
}

/** The node drawn nearest to a point of the overview (fractions of its size). */
export function nearestInOverview(points: readonly OverviewPoint[], at: { x: number; y: number }, aspect = 1): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const point of points) {
    const distance = ((point.x - at.x) * aspect) ** 2 + (point.y - at.y) ** 2;
    if (distance < bestDistance) {
      best = point.id;
      bestDistance = distance;
    }
  }
  return best;
}
