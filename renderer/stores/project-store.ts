import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { NodeState, ProjectState, RecentProject } from '../../shared/api.js';
import type { ProjectNodeSummary } from '../../shared/project-types.js';
import { assayClient } from '../api/client-registry.js';
import { useBranchesStore } from './branches-store.js';
import { useNavigationStore } from './navigation-store.js';

/** The open project: its summary, its errors, the build state of its nodes, and the recent projects. */
export const useProjectStore = defineStore('project', () => {
  const state = ref<ProjectState | null>(null);
  const recent = ref<RecentProject[]>([]);
  const openError = ref<string | null>(null);
  const opening = ref(false);
  const initialized = ref(false);

  const summary = computed(() => state.value?.project ?? null);
  const nodes = computed<ProjectNodeSummary[]>(() => summary.value?.nodes ?? []);
  const errors = computed(() => summary.value?.errors ?? []);
  const env = computed(() => state.value?.env ?? null);
  const nodeById = computed(() => new Map(nodes.value.map((node) => [node.id, node])));
  const nodeStates = computed(() => new Map((state.value?.nodes ?? []).map((node) => [node.node, node])));
  /** The branch's environment holds nothing yet: it was never built (or nothing in it ever built). */
  const neverBuilt = computed(() => {
    const states = state.value?.nodes ?? [];
    return states.length > 0 && states.every((node) => node.status === 'not-built');
  });

  async function initialize(): Promise<void> {
    const [current, recentList] = await Promise.all([assayClient().projectState({}), assayClient().recentProjects({})]);
    if (recentList.ok) recent.value = recentList.value;
    // The screen is the URL's (a reload keeps it); a URL naming none shows the lineage.
    if (current.ok && current.value) apply(current.value);
    initialized.value = true;
  }

  async function open(dir: string): Promise<void> {
    opening.value = true;
    openError.value = null;
    const result = await assayClient().openProject({ dir: dir.trim() });
    opening.value = false;
    if (!result.ok) {
      openError.value = result.error;
      return;
    }
    apply(result.value);
    useNavigationStore().showLineage();
    const recentList = await assayClient().recentProjects({});
    if (recentList.ok) recent.value = recentList.value;
  }

  async function refresh(): Promise<void> {
    const result = await assayClient().projectState({});
    if (result.ok && result.value) apply(result.value);
  }

  async function refreshNodeStates(): Promise<void> {
    const result = await assayClient().environmentStatus({});
    if (result.ok && state.value) state.value = { ...state.value, nodes: result.value };
  }

  function apply(next: ProjectState): void {
    state.value = next;
    useBranchesStore().apply(next.git);
  }

  function nodeState(id: string): NodeState | undefined {
    return nodeStates.value.get(id);
  }

  return { state, recent, openError, opening, initialized, summary, nodes, errors, env, nodeById, neverBuilt, initialize, open, refresh, refreshNodeStates, apply, nodeState };
});
