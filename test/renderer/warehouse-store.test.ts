import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import { createMemoryHistory } from 'vue-router';
import type { AssayApi, ProjectState } from '../../shared/api.js';
import type { BuildSummary } from '../../shared/build-types.js';
import type { ProfileTargets, WarehouseBuildResult } from '../../shared/warehouse-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { installAppRouter } from '../../renderer/router/app-router.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';
import { useWarehouseStore } from '../../renderer/stores/warehouse-store.js';

const profile: ProfileTargets = {
  profile: 'shop', file: 'profiles.yml', problem: null,
  targets: [
    { name: 'dev', type: 'duckdb', isDefault: true, connection: null, schema: null, problem: null },
    { name: 'pg', type: 'postgres', isDefault: false, connection: "target 'pg' (postgres://a@h:5432/d)", schema: 'analytics', problem: null },
    { name: 'prod', type: 'postgres', isDefault: false, connection: "target 'prod' (postgres://a@p:5432/d)", schema: 'analytics', problem: null },
  ],
};

function built(status: BuildSummary['status'], target = 'pg'): WarehouseBuildResult {
  return { target, connection: '', schemas: { main: 'analytics__main' }, summary: { env: 'main', branch: 'main', commit: null, status, envFingerprint: 'f', ms: 10, errors: [], nodes: [] } };
}

/** A client whose warehouse answers the test sets, recording what was asked. */
function stubClient(answers: { build?: WarehouseBuildResult } = {}): { client: AssayClient; asked: string[] } {
  const asked: string[] = [];
  const api: Partial<AssayApi> = {
    environmentStatus: async () => ({ ok: true, value: [] }),
    warehouseTargets: async () => ({ ok: true, value: profile }),
    warehouseEnvironments: async ({ target }) => {
      asked.push(`environments ${target}`);
      return { ok: true, value: { target, connection: '', environments: [] } };
    },
    warehouseBuild: async ({ target }) => ({ ok: true, value: answers.build ?? built('ok', target) }),
    warehouseTest: async ({ target }) => ({ ok: true, value: { build: built('up-to-date', target), results: [] } }),
    warehouseDiff: async ({ target, base }) => ({ ok: false, error: `target '${target}' (postgres://a@h:5432/d) has no environment '${base}': build it first` }),
  };
  return { client: { ...(api as AssayApi), onEvent: () => () => undefined }, asked };
}

function checkOut(branch: string): void {
  const state: ProjectState = {
    project: { name: 'shop', root: '/shop', nodes: [], tests: [], errors: [] },
    git: { isRepo: true, branch, changed: [], branches: ['main', 'feature/x'] },
    env: branch.replaceAll('/', '~'),
    nodes: [],
  };
  useProjectStore().apply(state);
}

describe('the Warehouse screen store (issue 16)', () => {
  let asked: string[];
  beforeEach(() => {
    setActivePinia(createPinia());
    installAppRouter([{ path: '/:anything(.*)*', component: {} }], createMemoryHistory());
    const stub = stubClient();
    asked = stub.asked;
    installAssayClient(stub.client);
    checkOut('main');
  });

  it("opens the first PostgreSQL target when the profile's default is DuckDB, and reads its environments", async () => {
    const warehouse = useWarehouseStore();
    await warehouse.load();
    expect(warehouse.selected).toBe('pg');
    expect(warehouse.warehouseTargets.map((t) => t.name)).toEqual(['pg', 'prod']);
    expect(asked).toEqual(['environments pg']);
    await warehouse.select('prod');
    expect(asked).toEqual(['environments pg', 'environments prod']);
  });

  it("shows only the selected target's progress while its build runs, and the server's error as it came", async () => {
    const warehouse = useWarehouseStore();
    await warehouse.load();
    const building = warehouse.build();
    warehouse.applyProgress({ target: 'prod', event: { type: 'node', env: 'main', node: 'orders', status: 'built' } });
    warehouse.applyProgress({ target: 'pg', event: { type: 'node', env: 'main', node: 'orders', status: 'started' } });
    warehouse.applyProgress({ target: 'pg', event: { type: 'phase', env: 'main', phase: 'building', message: 'building on pg' } });
    expect(warehouse.running).toEqual({ action: 'build', branch: null });
    expect(warehouse.progress).toEqual({ settled: 0, total: 1 });
    expect(warehouse.phase?.message).toBe('building on pg');
    await building;
    expect(warehouse.running).toBeNull();
    expect(warehouse.results.build?.summary.status).toBe('ok');
    await warehouse.diffAgainst('main');
    expect(warehouse.error).toBe("target 'pg' (postgres://a@h:5432/d) has no environment 'main': build it first");
  });

  it("keeps test results after an up-to-date build, drops them after one that changed the environment, and forgets them on another branch", async () => {
    const warehouse = useWarehouseStore();
    await warehouse.load();
    await warehouse.runTests();
    expect(warehouse.results.tests).toEqual([]);
    expect(warehouse.results.order).toEqual(['tests', 'build']);
    await warehouse.build();
    expect(warehouse.results.tests).toBeNull();
    expect(warehouse.results.order).toEqual(['build']);
    await warehouse.runTests();
    checkOut('feature/x');
    await nextTick();
    expect(warehouse.results).toEqual({ build: null, tests: null, diff: null, gc: null, order: [] });
  });
});
