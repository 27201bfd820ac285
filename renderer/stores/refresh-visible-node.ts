import { useModelStore } from './model-store.js';
import { useNavigationStore } from './navigation-store.js';
import { usePreviewStore } from './preview-store.js';

/**
 * Re-reads what the node screen shows after the project or the environment changed underneath it.
 * The rows only change with a build or a branch switch, so `data` says whether to re-fetch them.
 */
export async function refreshVisibleNode(options: { data: boolean }): Promise<void> {
  if (useNavigationStore().screen !== 'node') return;
  const model = useModelStore();
  const preview = usePreviewStore();
  await Promise.all([model.nodeId ? model.reload() : undefined, options.data && preview.nodeId ? preview.refresh() : undefined]);
}
