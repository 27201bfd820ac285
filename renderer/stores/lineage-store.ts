import { defineStore } from 'pinia';
import { computed } from 'vue';
import { layoutLineage, type LineageLayout } from '../lineage/lineage-layout.js';
import { useDashboardsStore } from './dashboards-store.js';
import { useModelStore } from './model-store.js';
import { useNavigationStore } from './navigation-store.js';
import { usePreviewStore } from './preview-store.js';
import { useProjectStore } from './project-store.js';

/** The lineage graph of the open project, and opening one of its nodes. */
export const useLineageStore = defineStore('lineage', () => {
  const project = useProjectStore();
  let lastShape = '';
  let lastLayout: LineageLayout = { width: 0, height: 0, nodes: [], edges: [] };

  // Project events arrive on every save; the graph is laid out again only when its shape changed.
  const layout = computed(() => {
    const shape = JSON.stringify(project.nodes.map((node) => [node.id, node.kind, node.dependsOn]));
    if (shape !== lastShape) {
      lastShape = shape;
      lastLayout = layoutLineage(project.nodes);
    }
    return lastLayout;
  });

  async function open(nodeId: string): Promise<void> {
    const node = project.nodeById.get(nodeId);
    if (!node) return;
    if (node.kind === 'dashboard') {
      useNavigationStore().show('dashboards');
      await useDashboardsStore().open(node.name);
      return;
    }
    useNavigationStore().showNode(nodeId);
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

  return { layout, open };
});
