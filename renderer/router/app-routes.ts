import type { RouteComponent, RouteRecordRaw } from 'vue-router';
import LineageView from '../components/LineageView.vue';
import ProjectPicker from '../components/ProjectPicker.vue';
import DashboardsScreen from '../components/dashboards/DashboardsScreen.vue';
import GitScreen from '../components/git/GitScreen.vue';
import HistoryScreen from '../components/history/HistoryScreen.vue';
import NotFoundScreen from '../components/links/NotFoundScreen.vue';
import OpenNodeScreen from '../components/links/OpenNodeScreen.vue';
import PackagesScreen from '../components/packages/PackagesScreen.vue';
import ReportScreen from '../components/release/ReportScreen.vue';
import ReviewScreen from '../components/review/ReviewScreen.vue';
import TestsScreen from '../components/tests/TestsScreen.vue';
import WarehouseScreen from '../components/warehouse/WarehouseScreen.vue';
import type { Screen } from '../stores/navigation-store.js';

/** Each screen at its own path, named after it: `#/tests?branch=main&test=...`. */
const screens: { name: Exclude<Screen, 'not-found'>; path: string; component: RouteComponent }[] = [
  { name: 'picker', path: '/open', component: ProjectPicker },
  { name: 'lineage', path: '/lineage', component: LineageView },
  // Any character may follow: a node id is the project's name for it, slashes and dots included.
  { name: 'node', path: '/node/:id(.*)', component: OpenNodeScreen },
  { name: 'tests', path: '/tests', component: TestsScreen },
  { name: 'review', path: '/review', component: ReviewScreen },
  { name: 'report', path: '/report', component: ReportScreen },
  { name: 'git', path: '/git', component: GitScreen },
  { name: 'dashboards', path: '/dashboards', component: DashboardsScreen },
  { name: 'packages', path: '/packages', component: PackagesScreen },
  { name: 'history', path: '/history', component: HistoryScreen },
  { name: 'warehouse', path: '/warehouse', component: WarehouseScreen },
];

export const appRoutes: RouteRecordRaw[] = [
  { path: '/', redirect: (to) => ({ path: '/lineage', query: to.query }) },
  ...screens.map(({ name, path, component }) => ({ name, path, component })),
  { name: 'not-found', path: '/:unknown(.*)*', component: NotFoundScreen },
];
