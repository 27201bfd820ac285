import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ProfileTargets, WarehouseNodeStates } from '../../shared/warehouse-types.js';
import { assayClient } from '../api/client-registry.js';
import type { DisplayStatus } from '../lineage/node-status.js';
import { useBuildStore } from './build-store.js';
import { useProjectStore } from './project-store.js';
import { useWarehouseStore } from './warehouse-store.js';

/**
 * Whose node states the lineage shows, and whose test runs the Tests screen: the local DuckDB
 * environment's (the default: what the app builds, with a running build's progress), or the
 * checked-out branch's environment on one of the profile's PostgreSQL targets (issue 16), its
 * states read from the server with warehouseNodeStates. One choice for both screens, so that the
 * lineage's test badges and the Tests screen speak of the same environment.
 */
export const useShownTargetStore = defineStore('shown-target', () => {
  const project = useProjectStore();
  const profile = shallowRef<ProfileTargets | null>(null);
  /** The warehouse target shown; null: the local DuckDB environment. */
  const selected = ref<string | null>(null);
  const states = shallowRef<WarehouseNodeStates | null>(null);
  /** Why the target's states could not be read (the server's message, naming the target). */
  const error = ref<string | null>(null);
  const loading = ref(false);
  let asked = 0;
  /** A picker was shown: from then on the profile is read again when the project changes (profiles.yml may have). */
  let offered = false;

  const warehouseTargets = computed(() => (profile.value?.targets ?? []).filter((target) => target.type === 'postgres'));
  const byNode = computed(() => new Map((states.value?.nodes ?? []).map((state) => [state.node, state])));

  /** Reads the profile's targets (the picker is offered when it has a PostgreSQL one), and again whenever the project changes. */
  async function offer(): Promise<void> {
    offered = true;
    if (project.summary) await loadTargets();
  }

  async function loadTargets(): Promise<void> {
    const result = await assayClient().warehouseTargets({});
    profile.value = result.ok ? result.value : null;
  }

  /** Shows a target's states (null: the local environment's). */
  async function select(name: string | null): Promise<void> {
    if (name === selected.value) return;
    selected.value = name;
    states.value = null;
    error.value = null;
    await reload();
  }

  /** Reads the selected target's states again; an answer overtaken by a newer question is dropped. */
  async function reload(): Promise<void> {
    const name = selected.value;
    const ask = ++asked;
    if (!name) {
      loading.value = false;
      return;
    }
    loading.value = true;
    const result = await assayClient().warehouseNodeStates({ target: name });
    if (ask !== asked) return;
    loading.value = false;
    states.value = result.ok ? result.value : null;
    error.value = result.ok ? null : result.error;
  }

  /** What the lineage shows for a node: the target's state (not built when unknown), else the local build's word. */
  function nodeStatus(id: string): DisplayStatus {
    if (selected.value === null) return useBuildStore().nodeStatus(id);
    return byNode.value.get(id)?.status ?? 'not-built';
  }

  function nodeError(id: string): string | null {
    if (selected.value === null) return useBuildStore().nodeError(id);
    return byNode.value.get(id)?.error ?? null;
  }

  // Another project: its profile is its own, and the lineage opens on its local environment.
  watch(() => project.summary?.root, () => {
    asked += 1;
    profile.value = null;
    selected.value = null;
    states.value = null;
    error.value = null;
    loading.value = false;
  }, { flush: 'sync' });
  // A save, a branch switch or a build on the warehouse: the states (and profiles.yml) may have changed.
  watch([() => project.summary, () => project.env], () => {
    if (offered && project.summary) void loadTargets();
    void reload();
  });
  watch(() => useWarehouseStore().finished, () => void reload());

  return { profile, selected, states, error, loading, warehouseTargets, offer, select, reload, nodeStatus, nodeError };
});
