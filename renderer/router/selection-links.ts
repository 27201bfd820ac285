import type { LocationQueryRaw } from 'vue-router';
import { watch } from 'vue';
import { useDashboardsStore } from '../stores/dashboards-store.js';
import { useHistoryStore } from '../stores/history-store.js';
import { useShownTargetStore } from '../stores/shown-target-store.js';
import { queryValue, useNavigationStore, type WorkbenchScreen } from '../stores/navigation-store.js';
import { useProjectStore } from '../stores/project-store.js';
import { useTestsStore } from '../stores/tests-store.js';
import { useWarehouseStore } from '../stores/warehouse-store.js';
import { appRouter } from './app-router.js';

/** What a screen has open, named in the URL by one query parameter. */
interface SelectionLink {
  screen: WorkbenchScreen | 'lineage';
  param: string;
  current(): string | null;
  open(value: string | null): unknown;
}

const links: SelectionLink[] = [
  { screen: 'tests', param: 'test', current: () => useTestsStore().selectedId, open: (id) => useTestsStore().select(id) },
  // The lineage and the Tests screen show (the Dashboards screen publishes from) the local environment unless the URL names a warehouse target.
  { screen: 'tests', param: 'target', current: () => useShownTargetStore().selected, open: (name) => useShownTargetStore().select(name) },
  // The dashboards screen always has one open (the first, unless told): no dashboard named changes nothing.
  { screen: 'dashboards', param: 'dashboard', current: () => useDashboardsStore().selected, open: (name) => (name ? useDashboardsStore().open(name) : undefined) },
  { screen: 'dashboards', param: 'target', current: () => useShownTargetStore().selected, open: (name) => useShownTargetStore().select(name) },
  { screen: 'history', param: 'run', current: () => useHistoryStore().selectedId, open: (id) => useHistoryStore().open(id) },
  { screen: 'lineage', param: 'target', current: () => useShownTargetStore().selected, open: (name) => useShownTargetStore().select(name) },
  // The screen opens the profile's default warehouse target unless the URL names another.
  { screen: 'warehouse', param: 'target', current: () => useWarehouseStore().selected, open: (name) => (name ? useWarehouseStore().select(name) : undefined) },
];

/** The query that reopens what `screen` had open (`{ test: '...', target: 'pg' }`), for a move to that screen. */
export function selectionQuery(screen: WorkbenchScreen | 'lineage'): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  for (const link of links.filter((candidate) => candidate.screen === screen)) {
    const value = link.current();
    if (value) query[link.param] = value;
  }
  return query;
}

/**
 * Keeps each screen's selection and the URL in step. The URL wins when it changes (a reload, back,
 * a link): the screen opens what it names, once the project is open. A selection made on the
 * screen replaces the URL's (no new history entry: back goes to the previous screen, not the
 * previous row).
 */
export function followSelections(): void {
  const router = appRouter();
  const navigation = useNavigationStore();
  const project = useProjectStore();
  for (const link of links) {
    const fromUrl = () => (navigation.screen === link.screen ? queryValue(router.currentRoute.value, link.param) : undefined);
    watch(
      () => [project.env, fromUrl()] as const,
      ([env, value]) => {
        if (env && value !== undefined && value !== link.current()) void link.open(value);
      },
      // After the stores' own reactions to a new environment (which clear their selection).
      { immediate: true, flush: 'post' },
    );
    watch(link.current, (value) => {
      if (navigation.screen !== link.screen || fromUrl() === value) return;
      void router.replace({ query: { ...router.currentRoute.value.query, [link.param]: value ?? undefined } });
    });
  }
}
