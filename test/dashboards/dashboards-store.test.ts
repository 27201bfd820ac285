import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ApiResult, AssayApi } from '../../shared/api.js';
import type { DashboardComparison, DashboardPreview } from '../../shared/dashboard-types.js';
import type { ReleaseVerdict } from '../../shared/release-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { useDashboardsStore } from '../../renderer/stores/dashboards-store.js';

const summary = { name: 'launch', id: 'dashboard:launch', title: 'Launch', description: '', location: { file: 'dashboards/launch.yml' }, columns: 2, elements: [], dependsOn: [], errors: [] };
const preview = (note: string): DashboardPreview => ({
  name: 'launch', title: 'Launch', description: note, columns: 2, environment: { env: 'main', branch: 'main', commit: null }, parameters: [], elements: [], rowCap: 5000, ms: 1,
});
const noGo: ReleaseVerdict = { go: false, commit: 'abc', report: null, reasons: [{ check: 'tests', ok: false, message: '1 error-level test(s) do not pass: variation.fact_prescriptions (fail)' }] };

let calls: { op: string; args: unknown }[];
let pending: ((value: ApiResult<DashboardPreview>) => void)[];

function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    listDashboards: async () => ({ ok: true, value: { dashboards: [summary], errors: [] } }),
    previewDashboard: (args) => {
      calls.push({ op: 'previewDashboard', args });
      return new Promise((resolve) => pending.push(resolve));
    },
    compareDashboards: async (args) => {
      calls.push({ op: 'compareDashboards', args });
      return { ok: true, value: { name: 'launch', base: { env: 'main' }, elements: [] } as unknown as DashboardComparison };
    },
    releaseCheck: async () => ({ ok: true, value: noGo }),
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

describe('the dashboards store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    installAssayClient(stubClient());
    calls = [];
    pending = [];
  });

  it('opens the first dashboard and keeps only the answer to the latest parameters', async () => {
    const store = useDashboardsStore();
    const listed = store.loadList();
    await settle();
    pending.shift()?.({ ok: true, value: preview('defaults') });
    await listed;
    expect(store.preview?.description).toBe('defaults');

    const first = store.setParam('top_n', 5);
    const second = store.setParam('top_n', 7);
    await settle();
    expect(calls.map((c) => c.args)).toEqual([{ name: 'launch', params: {} }, { name: 'launch', params: { top_n: 5 } }, { name: 'launch', params: { top_n: 7 } }]);
    const [answerTo5, answerTo7] = pending.splice(0);
    answerTo7?.({ ok: true, value: preview('seven') });
    answerTo5?.({ ok: true, value: preview('five') });
    await Promise.all([first, second]);
    expect(store.preview?.description).toBe('seven');
    expect(store.loading).toBe(false);
  });

  it('compares with the base branch asked for, and keeps Publish disabled with the gate\'s reasons', async () => {
    const store = useDashboardsStore();
    store.selected = 'launch';
    await store.setBaseBranch('release/2024');
    await store.setMode('compare');
    expect(calls.at(-1)).toEqual({ op: 'compareDashboards', args: { name: 'launch', base: 'release/2024', params: {} } });
    expect(store.comparison?.name).toBe('launch');
    expect(store.canPublish).toBe(false);
    await store.checkGate();
    expect(store.verdict).toEqual(noGo);
    expect(store.canPublish).toBe(false);
  });
});
