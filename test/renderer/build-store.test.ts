import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import { installAppRouter } from '../../renderer/router/app-router.js';
import type { ApiResult, AssayApi, NodeState, ProjectState } from '../../shared/api.js';
import type { BuildEvent, BuildSummary } from '../../shared/build-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { useBuildStore } from '../../renderer/stores/build-store.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';

const env = 'main';
let envNodes: NodeState[] = [];
let buildResult: ApiResult<BuildSummary>;

/** Just the operations the build store reaches; anything else would be a surprise worth failing on. */
function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    environmentStatus: async () => ({ ok: true, value: envNodes }),
    startBuild: async () => buildResult,
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

function openProject(): void {
  const state: ProjectState = {
    project: { name: 'demo', root: '/demo', nodes: [], tests: [], errors: [] },
    git: { isRepo: true, branch: 'main', changed: [], branches: ['main'] },
    env,
    nodes: [],
  };
  useProjectStore().apply(state);
}

function node(nodeId: string, status: 'started' | 'built' | 'failed', error?: string): BuildEvent {
  return { type: 'node', env, node: nodeId, status, ...(error ? { error } : {}) };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('the build store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    // The navigation store moves through the app's router (main.ts installs it in the app).
    installAppRouter([{ path: '/:anything(.*)*', component: {} }], createMemoryHistory());
    installAssayClient(stubClient());
    envNodes = [];
    openProject();
  });

  it('shows a build started elsewhere from its events, and its outcome when it is done', async () => {
    const build = useBuildStore();
    build.applyEvent({ type: 'phase', env, phase: 'building', message: 'building' });
    build.applyEvent(node('orders', 'started'));
    expect(build.running).toBe(true);
    expect(build.nodeStatus('orders')).toBe('started');

    envNodes = [{ node: 'orders', status: 'failed', error: 'Binder Error' }];
    build.applyEvent(node('orders', 'failed', 'Binder Error'));
    build.applyEvent({ type: 'phase', env, phase: 'done', message: 'built with failures' });
    await settle();
    expect(build.running).toBe(false);
    expect(build.outcome?.status).toBe('failed');
    expect(build.finishedBuilds).toBe(1);
    expect(build.nodeStatus('orders')).toBe('failed');
    expect(build.nodeError('orders')).toBe('Binder Error');
  });

  it('forgets the last failure once the next build starts, and shows the environment after it', async () => {
    const build = useBuildStore();
    buildResult = { ok: true, value: summary('failed', [{ node: 'orders', status: 'failed', error: 'Binder Error' }]) };
    envNodes = [{ node: 'orders', status: 'not-built' }];
    await build.start();
    expect(build.nodeStatus('orders')).toBe('failed');

    build.applyEvent({ type: 'phase', env, phase: 'building', message: 'building' });
    expect(build.nodeStatus('orders')).toBe('not-built');
    envNodes = [{ node: 'orders', status: 'built' }];
    build.applyEvent(node('orders', 'built'));
    build.applyEvent({ type: 'phase', env, phase: 'done', message: 'built' });
    await settle();
    expect(build.outcome?.status).toBe('ok');
    expect(build.nodeStatus('orders')).toBe('built');
  });

  it('ignores node events of another environment (the base being brought up to date)', () => {
    const build = useBuildStore();
    build.applyEvent({ type: 'node', env: 'base', node: 'orders', status: 'started' });
    expect(build.running).toBe(false);
    expect(build.nodeStatus('orders')).toBe('not-built');
  });

  it('does not report "already running" as an error: the running build shows itself', async () => {
    const build = useBuildStore();
    buildResult = { ok: false, error: 'a build is already running; cancel it or wait for it to finish' };
    await build.start();
    expect(build.error).toBeNull();
    expect(build.running).toBe(false);
  });
});

function summary(status: BuildSummary['status'], nodes: { node: string; status: 'failed' | 'built'; error?: string }[]): BuildSummary {
  return {
    env,
    branch: 'main',
    commit: null,
    status,
    envFingerprint: 'f',
    ms: 10,
    errors: [],
    nodes: nodes.map((n) => ({ ...n, kind: 'model', materialization: 'table', fingerprint: 'x' })),
  };
}
