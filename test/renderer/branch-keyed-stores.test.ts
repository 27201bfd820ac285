import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { installAppRouter } from '../../renderer/router/app-router.js';
import { nextTick } from 'vue';
import type { AssayApi, ProjectState } from '../../shared/api.js';
import type { BuildSummary } from '../../shared/build-types.js';
import type { ReleaseVerdict } from '../../shared/release-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { useBuildStore } from '../../renderer/stores/build-store.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';
import { useReleaseStore } from '../../renderer/stores/release-store.js';

const noGo: ReleaseVerdict = { go: false, commit: null, report: null, reasons: [{ check: 'tests', ok: false, message: '1 test(s) failed' }] };

function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    environmentStatus: async () => ({ ok: true, value: [] }),
    latestTestReport: async () => ({ ok: true, value: null }),
    listBranches: async () => ({ ok: true, value: [] }),
    listSignoffs: async () => ({ ok: true, value: [] }),
    releaseCheck: async () => ({ ok: true, value: noGo }),
    startBuild: async () => ({ ok: true, value: summary('main') }),
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

function checkOut(branch: string, env: string): void {
  const state: ProjectState = {
    project: { name: 'demo', root: '/demo', nodes: [], tests: [], errors: [] },
    git: { isRepo: true, branch, changed: [], branches: ['main', 'feature/x'] },
    env,
    nodes: [],
  };
  useProjectStore().apply(state);
}

function summary(env: string): BuildSummary {
  return { env, branch: env, commit: null, status: 'ok', envFingerprint: 'f', ms: 1200, errors: [], nodes: [] };
}

describe('stores keyed by branch (issue 19)', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    // The navigation store moves through the app's router (main.ts installs it in the app).
    installAppRouter([{ path: '/:anything(.*)*', component: {} }], createMemoryHistory());
    installAssayClient(stubClient());
    checkOut('main', 'main');
  });

  it("never shows another branch's build outcome or release verdict, and shows each branch its own again", async () => {
    const build = useBuildStore();
    const release = useReleaseStore();
    await build.start();
    await release.check();
    expect(build.outcome?.status).toBe('ok');
    expect(release.verdict?.go).toBe(false);

    checkOut('feature/x', 'feature~x');
    await nextTick();
    expect(build.outcome).toBeNull();
    expect(build.records).toEqual([]);
    expect(release.verdict).toBeNull();

    checkOut('main', 'main');
    await nextTick();
    expect(build.outcome?.status).toBe('ok');
    expect(release.verdict?.go).toBe(false);
  });
});
