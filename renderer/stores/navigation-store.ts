import { defineStore } from 'pinia';
import { ref } from 'vue';

/** The workbench's screens beside the lineage and the node view, reached from the sidebar. */
export type WorkbenchScreen = 'tests' | 'report' | 'review' | 'git' | 'dashboards' | 'packages';

export type Screen = 'picker' | 'lineage' | 'node' | WorkbenchScreen;

/** Which screen is shown and which node is open: the app's whole "routing". */
export const useNavigationStore = defineStore('navigation', () => {
  const screen = ref<Screen>('picker');
  const openNodeId = ref<string | null>(null);

  function showPicker(): void {
    screen.value = 'picker';
  }

  function showLineage(): void {
    screen.value = 'lineage';
  }

  function showNode(nodeId: string): void {
    openNodeId.value = nodeId;
    screen.value = 'node';
  }

  function show(next: 'lineage' | WorkbenchScreen): void {
    screen.value = next;
  }

  return { screen, openNodeId, showPicker, showLineage, showNode, show };
});
