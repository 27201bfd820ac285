import { defineStore } from 'pinia';
import { computed, shallowRef, watch } from 'vue';
import type { ProjectNodeSummary } from '../../shared/project-types.js';
import { defaultFocus, lineageAdjacency, neighbourhood, reachable } from '../lineage/graph-reach.js';
import { layoutLineage, type LineageLayout } from '../lineage/lineage-layout.js';
import { naturalCompare } from '../lineage/natural-order.js';
import { overviewLayout } from '../lineage/overview-layout.js';
import { useDashboardsStore } from './dashboards-store.js';
import { useShownTargetStore } from './shown-target-store.js';
import { useLineageViewStore } from './lineage-view-store.js';
import { useModelStore } from './model-store.js';
import { useNavigationStore } from './navigation-store.js';
import { usePreviewStore } from './preview-store.js';
import { useProjectStore } from './project-store.js';

/** Above this many nodes the graph opens on the selected node's neighbourhood, with an overview of the whole. */
export const BIG_GRAPH_NODES = 150;
const KEPT_LAYOUTS = 8;

/** The lineage graph of the open project: what is drawn, where, and how it relates to the selected node; and opening a node. */
export const useLineageStore = defineStore('lineage', () => {
  const project = useProjectStore();
  const view = useLineageViewStore();
  const navigation = useNavigationStore();

  // Project events arrive on every save; the graph (and all derived from it) changes only when its shape did.
  const nodes = shallowRef<ProjectNodeSummary[]>([]);
  const layouts = new Map<string, LineageLayout>();
  let lastShape = '';
  watch(
    () => project.nodes,
    (next) => {
      const shape = JSON.stringify(next.map((node) => [node.id, node.kind, node.dependsOn]));
      if (shape === lastShape) return;
      lastShape = shape;
      layouts.clear();
      nodes.value = next;
    },
    { immediate: true },
  );
  watch(() => project.summary?.root, () => view.reset());
  const kindById = computed(() => new Map(nodes.value.map((node) => [node.id, node.kind])));
  const adjacency = computed(() => lineageAdjacency(nodes.value));
  const naturalOrder = computed(() => [...nodes.value].sort((a, b) => naturalCompare(a.name, b.name)).map((node) => node.id));
  const isBig = computed(() => nodes.value.length > BIG_GRAPH_NODES);

  const selectedId = computed(() => {
    const id = view.selectedId ?? navigation.openNodeId;
    return id !== null && adjacency.value.upstream.has(id) ? id : null;
  });
  const focusId = computed(() => {
    if (!isBig.value) return null;
    return selectedId.value ?? defaultFocus(adjacency.value, naturalOrder.value, (id) => useShownTargetStore().nodeStatus(id) === 'failed');
  });

  /** The ids drawn: all nodes, or the focus's neighbourhood on a big graph; sources left out when collapsed. */
  const drawnIds = computed(() => {
    const shown = focusId.value === null ? nodes.value.map((node) => node.id) : [...neighbourhood(adjacency.value, focusId.value, view.focusDepth)];
    return view.collapseSources ? shown.filter((id) => kindById.value.get(id) !== 'source') : shown;
  });

  /** Laid out when what is drawn changes (a new focus, depth or collapse), never on zoom, pan, hover or a status event. */
  const layout = computed(() => {
    const ids = [...drawnIds.value].sort();
    const key = ids.join('\n');
    const known = layouts.get(key);
    if (known) return known;
    const drawn = new Set(ids);
    const laidOut = layoutLineage(nodes.value.filter((node) => drawn.has(node.id)));
    if (layouts.size >= KEPT_LAYOUTS) layouts.delete(layouts.keys().next().value!);
    layouts.set(key, laidOut);
    return laidOut;
  });

  const overview = computed(() => (isBig.value ? overviewLayout(naturalOrder.value, adjacency.value) : []));

  /** How many sources each node reads, shown on the node while sources are collapsed. */
  const sourcesRead = computed(() => {
    const counts = new Map<string, number>();
    if (!view.collapseSources) return counts;
    for (const node of nodes.value) {
      const read = node.dependsOn.filter((id) => kindById.value.get(id) === 'source').length;
      if (read > 0) counts.set(node.id, read);
    }
    return counts;
  });

  /** The node whose lineage is lit: the one under the pointer, else the selected one. */
  const activeId = computed(() => view.hoveredId ?? selectedId.value);
  const upstream = computed(() => (activeId.value ? new Set(reachable(adjacency.value, activeId.value, 'upstream').keys()) : new Set<string>()));
  const downstream = computed(() => (activeId.value ? new Set(reachable(adjacency.value, activeId.value, 'downstream').keys()) : new Set<string>()));

  function lineageRole(id: string): 'active' | 'upstream' | 'downstream' | 'unrelated' | null {
    if (activeId.value === null) return null;
    if (id === activeId.value) return 'active';
    if (upstream.value.has(id)) return 'upstream';
    if (downstream.value.has(id)) return 'downstream';
    return 'unrelated';
  }

  /** An edge is lit when it carries data into the active node or out of it. */
  function edgeLit(from: string, to: string): boolean {
    const active = activeId.value;
    if (active === null) return false;
    return ((to === active || upstream.value.has(to)) && upstream.value.has(from)) || ((from === active || downstream.value.has(from)) && downstream.value.has(to));
  }

  async function open(nodeId: string): Promise<void> {
    const node = project.nodeById.get(nodeId);
    if (!node) return;
    view.select(nodeId);
    if (node.kind === 'dashboard') {
      navigation.show('dashboards');
      await useDashboardsStore().open(node.name);
      return;
    }
    navigation.showNode(nodeId);
    const model = useModelStore();
    if (node.kind === 'exposure') {
      model.close();
      return;
    }
    if (node.kind === 'model') {
      await Promise.all([model.load(nodeId), usePreviewStore().load(nodeId)]);
    } else {
      model.close();
      await usePreviewStore().load(nodeId);
    }
  }

  return { nodes, isBig, naturalOrder, selectedId, focusId, drawnIds, layout, overview, sourcesRead, activeId, upstream, downstream, lineageRole, edgeLit, open };
});
