import { describe, expect, it } from 'vitest';
import { layoutLineage, nodeWidth, smoothPath } from '../../renderer/lineage/lineage-layout.js';

const nodes = [
  { id: 'source:lake.orders', name: 'orders', kind: 'source', dependsOn: [] },
  { id: 'regions', name: 'regions', kind: 'seed', dependsOn: [] },
  { id: 'stg_orders', name: 'stg_orders', kind: 'model', dependsOn: ['source:lake.orders'] },
  { id: 'fact_orders', name: 'fact_orders', kind: 'model', dependsOn: ['stg_orders', 'regions', 'not_in_project'] },
];

describe('the lineage layout', () => {
  const layout = layoutLineage(nodes);
  const at = (id: string) => layout.nodes.find((node) => node.id === id)!;

  it('places what a node reads from to its left', () => {
    expect(at('source:lake.orders').x).toBeLessThan(at('stg_orders').x);
    expect(at('stg_orders').x).toBeLessThan(at('fact_orders').x);
    expect(at('regions').x).toBeLessThan(at('fact_orders').x);
  });

  it('keeps every node inside the drawing and draws one edge per known dependency', () => {
    for (const node of layout.nodes) {
      expect(node.x).toBeGreaterThanOrEqual(0);
      expect(node.y).toBeGreaterThanOrEqual(0);
      expect(node.x + node.width).toBeLessThanOrEqual(layout.width);
      expect(node.y + node.height).toBeLessThanOrEqual(layout.height);
    }
    expect(layout.edges.map((edge) => `${edge.from}->${edge.to}`).sort()).toEqual(['regions->fact_orders', 'source:lake.orders->stg_orders', 'stg_orders->fact_orders']);
    for (const edge of layout.edges) expect(edge.path).toMatch(/^M[\d.]+,[\d.]+( C[\d., -]+)+$/);
  });

  it('sizes nodes to their names within bounds', () => {
    expect(nodeWidth('a')).toBe(150);
    expect(nodeWidth('x'.repeat(200))).toBe(260);
  });

  it('draws a two-point path as one curve ending at the last point', () => {
    expect(smoothPath([{ x: 0, y: 0 }, { x: 60, y: 30 }])).toBe('M0,0 C10,5 50,25 60,30');
    expect(smoothPath([])).toBe('');
  });
});
