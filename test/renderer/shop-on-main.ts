import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory } from 'vue-router';
import type { ProjectState } from '../../shared/api.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { installAppRouter } from '../../renderer/router/app-router.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';

/** Fresh stores and router talking to `client`, with the project 'shop' open on main (a store test's beforeEach). */
export function openShopOnMain(client: AssayClient): void {
  setActivePinia(createPinia());
  installAppRouter([{ path: '/:anything(.*)*', component: {} }], createMemoryHistory());
  installAssayClient(client);
  const state: ProjectState = { project: { name: 'shop', root: '/shop', nodes: [], tests: [], errors: [] }, git: { isRepo: true, branch: 'main', changed: [], branches: ['main'] }, env: 'main', nodes: [] };
  useProjectStore().apply(state);
}
