import { watch } from 'vue';
import { useDashboardsStore } from '../stores/dashboards-store.js';
import { useModelStore } from '../stores/model-store.js';
import { useNavigationStore } from '../stores/navigation-store.js';
import { usePreviewStore } from '../stores/preview-store.js';
import { useProjectStore } from '../stores/project-store.js';
import { appRouter } from './app-router.js';

/**
 * Loads the node the URL names when the app did not open it itself (a reload, back or forward, a
 * link): its SQL and its rows, as opening it from the lineage does. A node the project does not
 * have is left to OpenNodeScreen, which says so.
 */
export function followOpenNode(): void {
  const navigation = useNavigationStore();
  const project = useProjectStore();
  watch(
    () => [navigation.openNodeId, project.state ? project.nodeById.get(navigation.openNodeId ?? '') : undefined] as const,
    async ([id, node]) => {
      if (!id || !node) return;
      const model = useModelStore();
      const preview = usePreviewStore();
      switch (node.kind) {
        case 'dashboard':
          await appRouter().replace({ name: 'dashboards', query: { ...appRouter().currentRoute.value.query, dashboard: node.name } });
          await useDashboardsStore().open(node.name);
          return;
        case 'exposure':
          if (model.nodeId) model.close();
          return;
        case 'model':
          if (model.nodeId !== id) await Promise.all([model.load(id), usePreviewStore().load(id)]);
          return;
        default:
          if (model.nodeId) model.close();
          if (preview.nodeId !== id) await preview.load(id);
      }
    },
    { immediate: true, flush: 'post' },
  );
}
