import { beforeEach, describe, expect, it } from 'vitest';
import type { AssayApi } from '../../shared/api.js';
import type { PublishOutcome } from '../../shared/dashboard-types.js';
import type { ReleaseVerdict } from '../../shared/release-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { openShopOnMain } from './shop-on-main.js';
import { useDashboardsStore } from '../../renderer/stores/dashboards-store.js';
import { useShownTargetStore } from '../../renderer/stores/shown-target-store.js';

const go: ReleaseVerdict = { go: true, commit: null, report: null, reasons: [{ check: 'tests', ok: true, message: 'all pass' }] };

function outcome(target: string | undefined): PublishOutcome {
  const manifest = { dashboard: 'sales', title: 'Sales', commit: null, branch: 'main', env: 'main', ...(target ? { target } : {}) } as PublishOutcome['dashboards'][number]['manifest'];
  return { published: true, outDir: '/shop/.assay/published', dashboards: [{ name: 'sales', dir: '/shop/.assay/published/sales', manifest }], verdict: go };
}

/** What the stub was asked, in order: the gate and the publish, each with the target it was given. */
let asked: string[];

function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    warehouseTargets: async () => ({ ok: true, value: { profile: 'shop', file: 'profiles.yml', problem: null, targets: [] } }),
    warehouseNodeStates: async ({ target }) => ({ ok: false, error: `target '${target}' has no environment 'main'` }),
    previewDashboard: async () => ({ ok: false, error: 'not built' }),
    releaseCheck: async ({ target }) => {
      asked.push(`releaseCheck ${target ?? 'local'}`);
      return { ok: true, value: go };
    },
    publishDashboards: async ({ name, target }) => {
      asked.push(`publishDashboards ${name} ${target ?? 'local'}`);
      return { ok: true, value: outcome(target) };
    },
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

describe('the Dashboards screen publishing from a warehouse target (issue 16)', () => {
  beforeEach(() => {
    openShopOnMain(stubClient());
    asked = [];
  });

  it('checks the gate and publishes on the chosen target, and a verdict or publish of one target is not shown for another', async () => {
    const dashboards = useDashboardsStore();
    dashboards.selected = 'sales';
    await useShownTargetStore().select('pg');
    await dashboards.checkGate();
    expect(dashboards.canPublish).toBe(true);
    await dashboards.publish();
    expect(asked).toEqual(['releaseCheck pg', 'publishDashboards sales pg']);
    expect(dashboards.published?.dashboards[0]?.manifest.target).toBe('pg');

    // Local DuckDB: the gate said go for pg, not for this environment; nothing was published from it yet.
    await useShownTargetStore().select(null);
    expect([dashboards.verdict, dashboards.published, dashboards.canPublish]).toEqual([null, null, false]);
    asked = [];
    await dashboards.checkGate();
    await dashboards.publish();
    expect(asked).toEqual(['releaseCheck local', 'publishDashboards sales local']);
    expect(dashboards.published?.dashboards[0]?.manifest.target).toBeUndefined();

    // Back on pg: its own publish again.
    await useShownTargetStore().select('pg');
    expect(dashboards.published?.dashboards[0]?.manifest.target).toBe('pg');
  });
});
