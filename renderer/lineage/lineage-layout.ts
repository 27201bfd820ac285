import dagre from '@dagrejs/dagre';

export interface LineageInputNode {
  id: string;
  name: string;
  kind: string;
  dependsOn: string[];
}

export interface PlacedNode {
  id: string;
  name: string;
  kind: string;
  /** Top-left corner, in SVG units. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  /** An SVG path through the points dagre routed the edge along. */
  path: string;
  /** The box around those points, to tell whether the edge is in view. */
  box: { x: number; y: number; width: number; height: number };
}

export interface LineageLayout {
  width: number;
  height: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

export const NODE_HEIGHT = 48;
const MARGIN = 24;

/** Lays the lineage out left to right: what a node reads from sits to its left. */
export function layoutLineage(input: readonly LineageInputNode[]): LineageLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 64, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Set(input.map((node) => node.id));
  for (const node of input) graph.setNode(node.id, { width: nodeWidth(node.name), height: NODE_HEIGHT });
  const edges = input.flatMap((node) => node.dependsOn.filter((upstream) => known.has(upstream)).map((upstream) => ({ from: upstream, to: node.id })));
  for (const edge of edges) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);

  const nodes = input.map((node): PlacedNode => {
    const placed = graph.node(node.id);
    return { id: node.id, name: node.name, kind: node.kind, x: placed.x - placed.width / 2, y: placed.y - placed.height / 2, width: placed.width, height: placed.height };
  });
  const label = graph.graph();
  return {
    width: label.width ?? 0,
    height: label.height ?? 0,
    nodes,
    edges: edges.map((edge) => {
      const points = graph.edge(edge.from, edge.to).points;
      return { ...edge, path: smoothPath(points), box: boxAround(points) };
    }),
  };
}

/** Wide enough for the name in the graph's 12px font, within bounds that keep columns aligned. */
export function nodeWidth(name: string): number {
  return Math.min(260, Math.max(150, Math.round(name.length * 7.4 + 44)));
}

/** A Catmull-Rom curve through the points, written as cubic Béziers so that edges bend gently. */
export function smoothPath(points: readonly { x: number; y: number }[]): string {
  const [first] = points;
  if (!first) return '';
  let path = `M${round(first.x)},${round(first.y)}`;
  for (let i = 0; i < points.length - 1; i++) {
    const p0 = points[i - 1] ?? points[i]!;
    const p1 = points[i]!;
    const p2 = points[i + 1]!;
    const p3 = points[i + 2] ?? p2;
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    path += ` C${round(c1.x)},${round(c1.y)} ${round(c2.x)},${round(c2.y)} ${round(p2.x)},${round(p2.y)}`;
  }
  return path;
}

function boxAround(points: readonly { x: number; y: number }[]): PlacedEdge['box'] {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}
