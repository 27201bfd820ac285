import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { LocationQueryRaw, RouteLocationNormalizedLoaded } from 'vue-router';
import { appRouter } from '../router/app-router.js';
import { selectionQuery } from '../router/selection-links.js';
import { useBranchesStore } from './branches-store.js';

/** The workbench's screens beside the lineage and the node view, reached from the sidebar. */
export type WorkbenchScreen = 'tests' | 'report' | 'review' | 'git' | 'dashboards' | 'packages' | 'history' | 'warehouse';

/** `not-found`: the URL names no screen (a link from an older or newer Assay, or mistyped). */
export type Screen = 'picker' | 'lineage' | 'node' | 'not-found' | WorkbenchScreen;

/** A query value as one string: `?branch=a&branch=b` (never written by the app) reads as its first. */
export function queryValue(route: RouteLocationNormalizedLoaded, name: string): string | null {
  const value = route.query[name];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'string' && first !== '' ? first : null;
}

/**
 * Which screen is shown and which node is open, read from the URL (router/app-routes.ts), so that
 * reload, back and forward, and a link someone sent keep the place. Every move made here writes
 * the checked-out branch into the URL (`?branch=`); a URL naming another branch is not followed by
 * switching: LinkBranchNotice offers it.
 */
export const useNavigationStore = defineStore('navigation', () => {
  const route = appRouter().currentRoute;
  const screen = computed<Screen>(() => (typeof route.value.name === 'string' ? (route.value.name as Screen) : 'lineage'));
  const openNodeId = computed(() => (screen.value === 'node' ? String(route.value.params.id ?? '') : null));
  /** The branch the URL names, which may not be the checked-out one (a reload after a switch elsewhere, back, a link). */
  const linkBranch = computed(() => queryValue(route.value, 'branch'));

  function go(name: Screen, params: Record<string, string> = {}, query: LocationQueryRaw = {}): void {
    const branch = useBranchesStore().current;
    void appRouter().push({ name, params, query: { ...(branch ? { branch } : {}), ...query } });
  }

  function showPicker(): void {
    go('picker');
  }

  /** The lineage, with the warehouse target it showed last (if any). */
  function showLineage(): void {
    show('lineage');
  }

  function showNode(nodeId: string): void {
    go('node', { id: nodeId });
  }

  /** A screen, with what was selected on it last (the open test, dashboard or run). */
  function show(next: 'lineage' | WorkbenchScreen): void {
    go(next, {}, selectionQuery(next));
  }

  /** Keeps the place and names the checked-out branch in the URL (declining a link's other branch). */
  function stayOnCurrentBranch(): void {
    const branch = useBranchesStore().current;
    void appRouter().replace({ query: { ...route.value.query, branch: branch ?? undefined } });
  }

  return { screen, openNodeId, linkBranch, showPicker, showLineage, showNode, show, stayOnCurrentBranch };
});
