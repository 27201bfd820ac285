import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory } from 'vue-router';
import type { ApiResult, AssayApi, NodeState, ProjectState } from '../../shared/api.js';
import type { ProfileTargets, WarehouseNodeStates } from '../../shared/warehouse-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { installAppRouter } from '../../renderer/router/app-router.js';
import { useShownTargetStore } from '../../renderer/stores/shown-target-store.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';
import { useWarehouseStore } from '../../renderer/stores/warehouse-store.js';

const profile: ProfileTargets = {
  profile: 'shop', file: 'profiles.yml', problem: null,
  targets: [
    { name: 'dev', type: 'duckdb', isDefault: true, connection: null, schema: null, problem: null },
    { name: 'pg', type: 'postgres', isDefault: false, connection: "target 'pg' (postgres://a@h:5432/d)", schema: 'analytics', problem: null },
  ],
};

function onTarget(target: string, nodes: NodeState[]): WarehouseNodeStates {
  return { target, connection: `target '${target}' (postgres://a@h:5432/d)`, env: 'main', branch: 'main', commit: 'abc', builtAt: '2026-01-01T00:00:00.000Z', status: 'ok', nodes };
}

/** The answers to warehouseNodeStates, in the order they are asked for; each held until the test releases it. */
let pending: { target: string; release: (answer: ApiResult<WarehouseNodeStates>) => void }[];

function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    warehouseTargets: async () => ({ ok: true, value: profile }),
    warehouseNodeStates: ({ target }) => new Promise((resolve) => pending.push({ target, release: resolve })),
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

function openProject(root: string, branch = 'main', nodes: NodeState[] = [{ node: 'orders', status: 'built', rows: 4 }, { node: 'totals', status: 'failed', error: 'local error' }]): void {
  const state: ProjectState = {
    project: { name: 'shop', root, nodes: [], tests: [], errors: [] },
    git: { isRepo: true, branch, changed: [], branches: ['main', 'feature/x'] },
    env: branch.replaceAll('/', '~'),
    nodes,
  };
  useProjectStore().apply(state);
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
  await nextTick();
}

describe("the lineage's choice of whose node states it shows (issue 16)", () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    installAppRouter([{ path: '/:anything(.*)*', component: {} }], createMemoryHistory());
    installAssayClient(stubClient());
    pending = [];
    openProject('/shop');
  });

  it("shows the local environment's states until a warehouse target is picked, then that target's, not built where it has none", async () => {
    const target = useShownTargetStore();
    await target.offer();
    expect(target.warehouseTargets.map((t) => t.name)).toEqual(['pg']);
    expect([target.nodeStatus('orders'), target.nodeError('totals')]).toEqual(['built', 'local error']);
    expect(pending).toEqual([]);

    const picking = target.select('pg');
    expect(target.loading).toBe(true);
    pending.shift()?.release({ ok: true, value: onTarget('pg', [{ node: 'orders', status: 'stale', rows: 3 }, { node: 'totals', status: 'failed', error: "model totals on target 'pg': boom" }]) });
    await picking;
    expect(target.loading).toBe(false);
    expect([target.nodeStatus('orders'), target.nodeStatus('totals'), target.nodeError('totals'), target.nodeStatus('unknown')]).toEqual(['stale', 'failed', "model totals on target 'pg': boom", 'not-built']);

    await target.select(null);
    expect([target.nodeStatus('orders'), target.nodeError('totals')]).toEqual(['built', 'local error']);
  });

  it("keeps the server's error as it came and shows no state of the target's, never the local ones", async () => {
    const target = useShownTargetStore();
    const picking = target.select('pg');
    pending.shift()?.release({ ok: false, error: "target 'pg' (postgres://a@h:5432/d) has no environment 'main': build it first (assay build --target pg)" });
    await picking;
    expect(target.error).toMatch(/has no environment 'main'/);
    expect([target.nodeStatus('orders'), target.nodeError('totals')]).toEqual(['not-built', null]);
  });

  it('drops an answer a newer question overtook, and asks again after a save, a branch switch or a build on the warehouse', async () => {
    const target = useShownTargetStore();
    const first = target.select('pg');
    openProject('/shop', 'feature/x');
    await settle();
    expect(pending.map((p) => p.target)).toEqual(['pg', 'pg']);
    pending[1]?.release({ ok: true, value: { ...onTarget('pg', [{ node: 'orders', status: 'built' }]), env: 'feature~x' } });
    pending[0]?.release({ ok: true, value: onTarget('pg', [{ node: 'orders', status: 'stale' }]) });
    await first;
    await settle();
    expect([target.states?.env, target.nodeStatus('orders')]).toEqual(['feature~x', 'built']);

    pending = [];
    useWarehouseStore().finished += 1;
    await settle();
    expect(pending.map((p) => p.target)).toEqual(['pg']);
  });

  it('opens another project on its local states, with its own profile', async () => {
    const target = useShownTargetStore();
    await target.offer();
    void target.select('pg');
    openProject('/other');
    expect([target.selected, target.profile, target.states, target.error]).toEqual([null, null, null, null]);
    expect(target.nodeStatus('orders')).toBe('built');
    await settle();
    expect(target.profile).toEqual(profile);
  });
});
