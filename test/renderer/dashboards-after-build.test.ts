import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import type { AssayApi, ProjectState } from '../../shared/api.js';
import type { DashboardPreview } from '../../shared/dashboard-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { installAppRouter } from '../../renderer/router/app-router.js';
import { useBuildStore } from '../../renderer/stores/build-store.js';
import { useDashboardsStore } from '../../renderer/stores/dashboards-store.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';

const env = 'main';
let asked: string[] = [];

/** The operations the stores reach after a build, each call recorded in order. */
function recordingClient(): AssayClient {
  const preview: DashboardPreview = { name: 'launch', title: 'Launch', description: '', columns: 2, environment: { env, branch: 'main', commit: null }, parameters: [], elements: [], rowCap: 5000, ms: 1 };
  const api: Partial<AssayApi> = {
    environmentStatus: async () => ({ ok: true, value: [] }),
    listDashboards: async () => (asked.push('listDashboards'), { ok: true, value: { dashboards: [{ name: 'launch', title: 'Launch', description: '', file: 'dashboards/launch.yml', elements: 0, parameters: [], reads: [], errors: [] }], errors: [] } }) as never,
    previewDashboard: async () => (asked.push('previewDashboard'), { ok: true, value: preview }),
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

function projectState(): ProjectState {
  return { project: { name: 'demo', root: '/demo', nodes: [], tests: [], errors: [] }, git: { isRepo: true, branch: 'main', changed: [], branches: ['main'] }, env, nodes: [] };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('the dashboards screen after a build', () => {
  beforeEach(async () => {
    setActivePinia(createPinia());
    const router = installAppRouter([{ name: 'dashboards', path: '/dashboards', component: {} }, { path: '/:anything(.*)*', component: {} }], createMemoryHistory());
    await router.push('/dashboards');
    installAssayClient(recordingClient());
    useProjectStore().apply(projectState());
    await useDashboardsStore().show();
    asked = [];
  });

  it('runs the open dashboard again when the build is done, not a second time when the project state follows', async () => {
    const build = useBuildStore();
    build.applyEvent({ type: 'phase', env, phase: 'building', message: 'building' });
    build.applyEvent({ type: 'phase', env, phase: 'done', message: 'built' });
    await settle();
    expect(asked).toEqual(['previewDashboard']);

    // The project state announced after the build: the list is read again, the charts are not run again.
    await useDashboardsStore().projectChanged();
    expect(asked).toEqual(['previewDashboard', 'listDashboards']);

    // A change without a build (a dashboard's file edited) still runs the dashboard.
    await useDashboardsStore().projectChanged();
    expect(asked).toEqual(['previewDashboard', 'listDashboards', 'listDashboards', 'previewDashboard']);
  });
});
