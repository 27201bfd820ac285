import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { RunDetail, RunRecord } from '../../shared/run-history-types.js';
import { assayClient } from '../api/client-registry.js';
import { onBranchChange } from './on-branch-change.js';

/** The History screen: the checked-out branch's builds and test runs, newest first, and the one open. */
export const useHistoryStore = defineStore('history', () => {
  const runs = ref<RunRecord[]>([]);
  const loaded = ref(false);
  const error = ref<string | null>(null);
  const selectedId = ref<string | null>(null);
  const detail = ref<RunDetail | null>(null);
  const detailError = ref<string | null>(null);
  /** Bumped by every read, so that the answer to an older one (another branch's) is dropped. */
  let generation = 0;

  const selected = computed(() => runs.value.find((run) => run.id === selectedId.value) ?? null);

  async function load(): Promise<void> {
    const asked = ++generation;
    const result = await assayClient().runHistory({});
    if (asked !== generation) return;
    loaded.value = true;
    if (result.ok) {
      runs.value = result.value.runs;
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  async function open(id: string | null): Promise<void> {
    selectedId.value = id;
    detail.value = null;
    detailError.value = null;
    if (!id) return;
    const result = await assayClient().runDetail({ run: id });
    if (selectedId.value !== id) return;
    if (result.ok) detail.value = result.value;
    else detailError.value = result.error;
  }

  // Runs are a branch's: another branch lists its own, and the open one was the previous branch's.
  onBranchChange(() => {
    generation++;
    runs.value = [];
    loaded.value = false;
    error.value = null;
    void open(null);
  });

  return { runs, loaded, error, selectedId, selected, detail, detailError, load, open };
});
