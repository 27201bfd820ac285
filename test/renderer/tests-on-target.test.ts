import { beforeEach, describe, expect, it } from 'vitest';
import { nextTick } from 'vue';
import type { AssayApi } from '../../shared/api.js';
import type { TestResult, TestRunReport } from '../../shared/test-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { openShopOnMain } from './shop-on-main.js';
import { useShownTargetStore } from '../../renderer/stores/shown-target-store.js';
import { useTestsStore } from '../../renderer/stores/tests-store.js';

function result(id: string, status: TestResult['status']): TestResult {
  return {
    id, name: id, kind: 'not_null', stage: 'business-logic', node: 'orders', column: 'id', severity: 'error', status, observed: 0, threshold: '= 0',
    baseline: null, delta: null, delta_pct: null, failing_rows: 0, sample: [], duration_ms: 1, message: null, location: { file: 'models/schema.yml', line: 3 },
  };
}

function report(where: string, status: TestResult['status'], finished = '2026-01-01T00:00:00.000Z'): TestRunReport {
  return {
    project: 'shop', branch: 'main', commit: 'abc', env: 'main', ...(where === 'local' ? {} : { target: { name: where, connection: `target '${where}'` } }),
    env_fingerprint: 'f', started_at: finished, finished_at: finished, summary: { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0, [status]: 1 }, tests: [result('t1', status)],
  };
}

/** What the stub was asked, in order. */
let asked: string[];

function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    warehouseTargets: async () => ({ ok: true, value: { profile: 'shop', file: 'profiles.yml', problem: null, targets: [] } }),
    warehouseNodeStates: async ({ target }) => ({ ok: false, error: `target '${target}' has no environment 'main'` }),
    latestTestReport: async ({ target }) => {
      asked.push(`latest ${target ?? 'local'}`);
      return { ok: true, value: report(target ?? 'local', target ? 'fail' : 'pass') };
    },
    testHistory: async ({ test, target }) => {
      asked.push(`history ${test} ${target ?? 'local'}`);
      return { ok: true, value: [{ at: '2026-01-01T00:00:00.000Z', commit: 'abc', status: target ? 'fail' : 'pass', observed: 0 }] };
    },
    warehouseTest: async ({ target }) => {
      asked.push(`warehouseTest ${target}`);
      const run = report(target, 'warn', '2026-01-02T00:00:00.000Z');
      return { ok: true, value: { build: { target, connection: '', schemas: {}, summary: { env: 'main', branch: 'main', commit: 'abc', status: 'ok', envFingerprint: 'f', ms: 1, errors: [], nodes: [] } }, results: run.tests, report: run } };
    },
    runTests: async () => {
      asked.push('runTests');
      return { ok: true, value: report('local', 'pass') };
    },
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 6; i++) await Promise.resolve();
  await nextTick();
}

describe("the Tests screen on a warehouse target's runs (issue 16)", () => {
  beforeEach(() => {
    openShopOnMain(stubClient());
    asked = [];
  });

  it("shows the target's last report and the open test's runs there, keeping the test open across the switch, and runs the tests there", async () => {
    const tests = useTestsStore();
    await settle();
    await tests.select('t1');
    expect(tests.report?.target).toBeUndefined();
    expect(asked).toEqual(['latest local', 'history t1 local']);

    asked = [];
    await useShownTargetStore().select('pg');
    await settle();
    expect(asked).toEqual(['latest pg', 'history t1 pg']);
    expect([tests.report?.target?.name, tests.selectedId, tests.history[0]?.status]).toEqual(['pg', 't1', 'fail']);

    asked = [];
    await tests.run('input');
    expect(asked).toEqual(['warehouseTest pg', 'history t1 pg']);
    expect([tests.report?.finished_at, tests.report?.tests[0]?.status]).toEqual(['2026-01-02T00:00:00.000Z', 'warn']);

    // The app's events are the local environment's runs: never shown as the target's.
    tests.applyRun(report('local', 'pass', '2026-01-03T00:00:00.000Z'));
    tests.applyResult({ ...result('t1', 'error') });
    expect([tests.report?.target?.name, tests.report?.tests[0]?.status]).toEqual(['pg', 'warn']);

    asked = [];
    await useShownTargetStore().select(null);
    await settle();
    expect(asked).toEqual(['latest local', 'history t1 local']);
    expect(tests.report?.target).toBeUndefined();
  });
});
