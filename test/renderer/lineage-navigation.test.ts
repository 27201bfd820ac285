import { createPinia, setActivePinia } from 'pinia';
import { describe, expect, it } from 'vitest';
import type { ProjectNodeSummary } from '../../shared/project-types.js';
import { defaultFocus, lineageAdjacency, neighbourhood, reachable } from '../../renderer/lineage/graph-reach.js';
import { naturalCompare } from '../../renderer/lineage/natural-order.js';
import { nearestInOverview, overviewLayout } from '../../renderer/lineage/overview-layout.js';
import { folderOf, sidebarSections } from '../../renderer/lineage/sidebar-groups.js';
import { centerOn, fitTransform, visibleRect, zoomAround } from '../../renderer/lineage/viewport-transform.js';
import { useLineageViewStore } from '../../renderer/stores/lineage-view-store.js';

// a -> b -> c -> d, and b -> e; x stands alone.
const graph = [
  { id: 'a', dependsOn: [] },
  { id: 'b', dependsOn: ['a', 'missing'] },
  { id: 'c', dependsOn: ['b'] },
  { id: 'd', dependsOn: ['c'] },
  { id: 'e', dependsOn: ['b'] },
  { id: 'x', dependsOn: [] },
];

describe('upstream, downstream and neighbourhoods', () => {
  const adjacency = lineageAdjacency(graph);

  it('finds everything upstream and downstream with its distance, ignoring dependencies outside the graph', () => {
    expect(Object.fromEntries(reachable(adjacency, 'd', 'upstream'))).toEqual({ c: 1, b: 2, a: 3 });
    expect(Object.fromEntries(reachable(adjacency, 'b', 'downstream'))).toEqual({ c: 1, e: 1, d: 2 });
    expect(reachable(adjacency, 'x', 'upstream').size).toBe(0);
  });

  it('keeps n levels up and down of the focus', () => {
    expect([...neighbourhood(adjacency, 'c', 1)].sort()).toEqual(['b', 'c', 'd']);
    expect([...neighbourhood(adjacency, 'c', 2)].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(neighbourhood(adjacency, 'not-a-node', 2).size).toBe(0);
  });

  it('survives a cycle', () => {
    const cyclic = lineageAdjacency([{ id: 'p', dependsOn: ['q'] }, { id: 'q', dependsOn: ['p'] }]);
    expect([...reachable(cyclic, 'p', 'upstream').keys()]).toEqual(['q']);
    expect(overviewLayout(['p', 'q'], cyclic)).toHaveLength(2);
  });

  it('opens a big graph on the first failure, else on the most connected node', () => {
    expect(defaultFocus(adjacency, ['a', 'b', 'c', 'd', 'e', 'x'], (id) => id === 'd')).toBe('d');
    expect(defaultFocus(adjacency, ['a', 'b', 'c', 'd', 'e', 'x'], () => false)).toBe('b');
  });
});

describe('the overview of a big graph', () => {
  const adjacency = lineageAdjacency(graph);
  const points = overviewLayout(['a', 'b', 'c', 'd', 'e', 'x'], adjacency);
  const at = (id: string) => points.find((point) => point.id === id)!;

  it('puts a node one column right of its furthest parent and spreads each column down the height', () => {
    expect(at('a').x).toBeLessThan(at('b').x);
    expect(at('b').x).toBeLessThan(at('c').x);
    expect(at('c').x).toBe(at('e').x);
    expect(at('a').x).toBe(at('x').x);
    for (const value of points.flatMap((point) => [point.x, point.y])) {
      expect(value).toBeGreaterThan(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('picks the node nearest to a click', () => {
    expect(nearestInOverview(points, { x: at('d').x + 0.01, y: at('d').y })).toBe('d');
    expect(nearestInOverview([], { x: 0, y: 0 })).toBeNull();
  });
});

describe('zoom and pan arithmetic', () => {
  it('zooms around the pointer: the graph point under it stays put', () => {
    const before = { x: 30, y: -20, k: 0.8 };
    const pointer = { x: 400, y: 300 };
    const after = zoomAround(before, 1.5, pointer);
    expect(after.k).toBeCloseTo(1.2);
    const graphPoint = { x: (pointer.x - before.x) / before.k, y: (pointer.y - before.y) / before.k };
    expect(graphPoint.x * after.k + after.x).toBeCloseTo(pointer.x);
    expect(graphPoint.y * after.k + after.y).toBeCloseTo(pointer.y);
  });

  it('never zooms past its bounds', () => {
    expect(zoomAround({ x: 0, y: 0, k: 1 }, 1000, { x: 0, y: 0 }).k).toBe(2.5);
    expect(zoomAround({ x: 0, y: 0, k: 1 }, 0.00001, { x: 0, y: 0 }).k).toBe(0.05);
  });

  it('fits a drawing inside the area, centred, and never enlarges a small one', () => {
    const fit = fitTransform({ width: 2000, height: 500 }, { width: 1048, height: 600 });
    expect(fit.k).toBeCloseTo(0.5);
    expect(fit.x).toBeCloseTo(24);
    expect(fit.y).toBeCloseTo((600 - 250) / 2);
    expect(fitTransform({ width: 100, height: 50 }, { width: 1000, height: 600 }).k).toBe(1);
  });

  it('centres a point and tells what part of the drawing is in view', () => {
    const centred = centerOn({ x: 500, y: 100 }, { width: 800, height: 600 }, 2);
    expect(centred).toEqual({ k: 2, x: 400 - 1000, y: 300 - 200 });
    expect(visibleRect(centred, { width: 800, height: 600 })).toEqual({ x: 300, y: -50, width: 400, height: 300 });
  });
});

function summary(id: string, kind: ProjectNodeSummary['kind'], file: string): ProjectNodeSummary {
  return { id, name: kind === 'source' ? id.replace('source:', '') : id, kind, materialization: 'view', dependsOn: [], columns: [], tags: [], location: { file } };
}

describe('the sidebar tree', () => {
  const nodes = [
    summary('m10', 'model', 'models/layer1/m10.sql'),
    summary('m2', 'model', 'models/layer1/m2.sql'),
    summary('m100', 'model', 'models/layer10/m100.sql'),
    summary('m1', 'model', 'models/layer2/m1.sql'),
    summary('root', 'model', 'models/root.sql'),
    summary('source:lake.orders', 'source', 'models/staging/sources.yml'),
    summary('regions', 'seed', 'seeds/regions.csv'),
  ];

  it('orders names and folders as a person counts', () => {
    expect(['m100', 'm10', 'm2', 'm1', 'M3'].sort(naturalCompare)).toEqual(['m1', 'm2', 'M3', 'm10', 'm100']);
  });

  it('files models under their folder below models/, sources under their source', () => {
    expect(folderOf(nodes[0]!)).toBe('layer1');
    expect(folderOf(nodes[4]!)).toBe('');
    expect(folderOf(nodes[5]!)).toBe('lake');
    expect(folderOf(summary('deep', 'model', 'models/marts/finance/deep.sql'))).toBe('marts/finance');
  });

  it('groups by kind then folder, the top folder first, all in natural order', () => {
    const sections = sidebarSections(nodes);
    expect(sections.map((section) => section.kind)).toEqual(['source', 'seed', 'model']);
    const models = sections.find((section) => section.kind === 'model')!;
    expect(models.folders.map((folder) => folder.folder)).toEqual(['', 'layer1', 'layer2', 'layer10']);
    expect(models.folders[1]!.nodes.map((node) => node.name)).toEqual(['m2', 'm10']);
    expect(models.count).toBe(5);
  });

  it('filters by every word, on the name or the folder, and drops emptied groups', () => {
    expect(sidebarSections(nodes, 'M1').flatMap((section) => section.folders.flatMap((folder) => folder.nodes.map((node) => node.id)))).toEqual(['m10', 'm1', 'm100']);
    expect(sidebarSections(nodes, 'layer1 m1').flatMap((section) => section.folders.map((folder) => folder.key))).toEqual(['model/layer1', 'model/layer10']);
    expect(sidebarSections(nodes, 'nothing-like-it')).toEqual([]);
  });
});

describe('the lineage view state', () => {
  it('refuses a focus depth that is not a whole number, naming it, and clamps the others', () => {
    setActivePinia(createPinia());
    const view = useLineageViewStore();
    expect(() => view.setFocusDepth(1.5)).toThrow('not 1.5');
    expect(() => view.setFocusDepth(Number.NaN)).toThrow('not NaN');
    view.setFocusDepth(99);
    expect(view.focusDepth).toBe(8);
    view.setFocusDepth(0);
    expect(view.focusDepth).toBe(1);
  });
});
