import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { RefreshLogView } from '../../shared/refresh-types.js';
import { assayClient } from '../api/client-registry.js';
import { onBranchChange } from './on-branch-change.js';

/** The History screen's scheduled refreshes (assay refresh, issue 17) of the checked-out branch, newest first. */
export const useRefreshStore = defineStore('refresh', () => {
  const log = ref<RefreshLogView | null>(null);
  const error = ref<string | null>(null);
  const openId = ref<string | null>(null);
  /** Bumped by every read, so that the answer to an older one (another branch's) is dropped. */
  let generation = 0;

  async function load(): Promise<void> {
    const asked = ++generation;
    const result = await assayClient().refreshLog({});
    if (asked !== generation) return;
    if (result.ok) {
      log.value = result.value;
      error.value = null;
    } else {
      error.value = result.error;
    }
  }

  function toggle(id: string): void {
    openId.value = openId.value === id ? null : id;
  }

  onBranchChange(() => {
    generation++;
    log.value = null;
    error.value = null;
    openId.value = null;
  });

  return { log, error, openId, load, toggle };
});
