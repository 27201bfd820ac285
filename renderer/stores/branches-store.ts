import { refreshVisibleNode } from './refresh-visible-node.js';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { GitState } from '../../shared/api.js';
import { assayClient } from '../api/client-registry.js';
import { useProjectStore } from './project-store.js';

/** A switch the core refused because the working tree has uncommitted changes. */
export interface RefusedSwitch {
  branch: string;
  error: string;
  files: string[];
}

/** The repository's branches, the current one, its uncommitted changes, and switching between them. */
export const useBranchesStore = defineStore('branches', () => {
  const git = ref<GitState | null>(null);
  const busy = ref(false);
  const error = ref<string | null>(null);
  const refusedSwitch = ref<RefusedSwitch | null>(null);

  const current = computed(() => git.value?.branch ?? null);
  const changedFiles = computed(() => git.value?.changed ?? []);
  const changedCount = computed(() => changedFiles.value.length);
  const branches = computed(() => git.value?.branches ?? []);

  function apply(next: GitState): void {
    git.value = next;
  }

  async function refresh(): Promise<void> {
    const result = await assayClient().gitState({});
    if (result.ok) apply(result.value);
  }

  async function switchTo(branch: string, stash = false): Promise<void> {
    if (branch === current.value) return;
    await whileBusy(async () => {
      const result = await assayClient().switchBranch({ branch, stash });
      if (result.ok) return settle(result.value);
      await refresh();
      if (!stash && changedCount.value > 0) {
        refusedSwitch.value = { branch, error: result.error, files: [...changedFiles.value] };
      } else {
        error.value = result.error;
      }
    });
  }

  async function stashAndSwitch(): Promise<void> {
    const refused = refusedSwitch.value;
    if (refused) await switchTo(refused.branch, true);
  }

  async function create(branch: string): Promise<void> {
    await whileBusy(async () => {
      const result = await assayClient().createBranch({ branch: branch.trim(), switchTo: true });
      if (result.ok) return settle(result.value);
      error.value = result.error;
    });
  }

  function dismiss(): void {
    refusedSwitch.value = null;
    error.value = null;
  }

  async function whileBusy(work: () => Promise<void>): Promise<void> {
    busy.value = true;
    error.value = null;
    refusedSwitch.value = null;
    try {
      await work();
    } finally {
      busy.value = false;
    }
  }

  /** After a branch change the files and the environment are the new branch's: re-read the project. */
  /** After a switch or create the files and the environment are another branch's: re-read what is on screen. */
  async function settle(next: GitState): Promise<void> {
    apply(next);
    await useProjectStore().refresh();
    await refreshVisibleNode({ data: true });
  }

  return { git, busy, error, refusedSwitch, current, changedFiles, changedCount, branches, apply, refresh, switchTo, stashAndSwitch, create, dismiss };
});
