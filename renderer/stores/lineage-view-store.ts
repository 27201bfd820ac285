import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { DisplayStatus } from '../lineage/node-status.js';

export const MIN_FOCUS_DEPTH = 1;
export const MAX_FOCUS_DEPTH = 8;

/** How the lineage screen is looked at: the selected and hovered node, what is hidden or dimmed, how far a big graph's focus reaches. */
export const useLineageViewStore = defineStore('lineage-view', () => {
  const selectedId = ref<string | null>(null);
  const hoveredId = ref<string | null>(null);
  const collapseSources = ref(false);
  /** Statuses to show at full strength; empty shows every node so. */
  const statusFilter = ref<DisplayStatus[]>([]);
  const focusDepth = ref(2);
  /** Asks the graph to bring a node into the middle of its area; `seq` makes a repeated jump a new request. */
  const centerRequest = ref<{ id: string; seq: number } | null>(null);
  /** What the lineage search box holds: the nodes whose names contain it are marked in the graph. */
  const searchQuery = ref('');

  function select(id: string | null): void {
    selectedId.value = id;
  }

  function hover(id: string | null): void {
    hoveredId.value = id;
  }

  function jumpTo(id: string): void {
    selectedId.value = id;
    centerRequest.value = { id, seq: (centerRequest.value?.seq ?? 0) + 1 };
  }

  function centered(): void {
    centerRequest.value = null;
  }

  function search(query: string): void {
    searchQuery.value = query;
  }

  function toggleStatus(status: DisplayStatus): void {
    statusFilter.value = statusFilter.value.includes(status) ? statusFilter.value.filter((s) => s !== status) : [...statusFilter.value, status];
  }

  function clearStatusFilter(): void {
    statusFilter.value = [];
  }

  function setFocusDepth(depth: number): void {
    if (!Number.isInteger(depth)) throw new Error(`The focus depth must be a whole number of levels, not ${depth}`);
    focusDepth.value = Math.min(MAX_FOCUS_DEPTH, Math.max(MIN_FOCUS_DEPTH, depth));
  }

  function setCollapseSources(collapsed: boolean): void {
    collapseSources.value = collapsed;
  }

  /** Another project: nothing of the last one's view applies. */
  function reset(): void {
    selectedId.value = null;
    hoveredId.value = null;
    statusFilter.value = [];
    centerRequest.value = null;
    searchQuery.value = '';
  }

  return {
    selectedId, hoveredId, collapseSources, statusFilter, focusDepth, centerRequest, searchQuery,
    select, hover, jumpTo, centered, search, toggleStatus, clearStatusFilter, setFocusDepth, setCollapseSources, reset,
  };
});
