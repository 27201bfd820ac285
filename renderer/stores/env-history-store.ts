import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { KeptCatalog } from '../../shared/env-history-types.js';
import { assayClient } from '../api/client-registry.js';
import { onBranchChange } from './on-branch-change.js';
import { usePreviewStore } from './preview-store.js';
import { useProjectStore } from './project-store.js';
import { refreshVisibleNode } from './refresh-visible-node.js';

/** The History screen's catalogs: what the checked-out branch's environment keeps, and restoring one (issue 17). */
export const useEnvHistoryStore = defineStore('env-history', () => {
  /** Which list the History screen shows: the branch's runs, or its environment's kept catalogs. */
  const view = ref<'runs' | 'catalogs'>('runs');
  const catalogs = ref<KeptCatalog[]>([]);
  const limit = ref<number | null>(null);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  /** The catalog whose restore waits for the user's confirmation. */
  const confirmingId = ref<string | null>(null);
  const restoring = ref(false);
  const restoreError = ref<string | null>(null);
  /** Said once a restore went through, until the next one or a branch change. */
  const restoredNotice = ref<string | null>(null);
  let generation = 0;

  const confirming = computed(() => catalogs.value.find((c) => c.id === confirmingId.value) ?? null);

  async function load(): Promise<void> {
    const asked = ++generation;
    const result = await assayClient().environmentHistory({});
    if (asked !== generation) return;
    loaded.value = true;
    if (result.ok) {
      catalogs.value = result.value.catalogs;
      limit.value = result.value.limit;
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  function show(which: 'runs' | 'catalogs'): void {
    view.value = which;
    if (which === 'catalogs') void load();
  }

  function askRestore(id: string): void {
    confirmingId.value = id;
    restoreError.value = null;
  }

  function cancelRestore(): void {
    if (!restoring.value) confirmingId.value = null;
  }

  async function restore(): Promise<void> {
    const id = confirmingId.value;
    if (!id || restoring.value) return;
    restoring.value = true;
    restoreError.value = null;
    try {
      const result = await assayClient().restoreEnvironment({ id });
      if (!result.ok) {
        restoreError.value = result.error;
        return;
      }
      confirmingId.value = null;
      restoredNotice.value = `Restored catalog ${id}: the environment shows it now. The next build of the branch builds from it.`;
      // The rows of every node may have changed: node states, and the preview wherever it is shown next.
      const preview = usePreviewStore();
      await Promise.all([load(), useProjectStore().refreshNodeStates(), refreshVisibleNode({ data: true }), preview.nodeId ? preview.refresh() : undefined]);
    } finally {
      restoring.value = false;
    }
  }

  onBranchChange(() => {
    generation++;
    catalogs.value = [];
    loaded.value = false;
    error.value = null;
    confirmingId.value = null;
    restoredNotice.value = null;
  });

  return { view, show, catalogs, limit, loaded, error, confirmingId, confirming, restoring, restoreError, restoredNotice, load, askRestore, cancelRestore, restore };
});
