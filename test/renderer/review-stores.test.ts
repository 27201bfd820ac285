import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AssayApi, ProjectState } from '../../shared/api.js';
import type { ModelDiff } from '../../shared/diff-types.js';
import type { BranchInfo } from '../../shared/git-types.js';
import type { TestResult, TestRunReport, TestStatus } from '../../shared/test-types.js';
import type { AssayClient } from '../../renderer/api/assay-client.js';
import { installAssayClient } from '../../renderer/api/client-registry.js';
import { useGitStore } from '../../renderer/stores/git-store.js';
import { useProjectStore } from '../../renderer/stores/project-store.js';
import { useReleaseStore } from '../../renderer/stores/release-store.js';
import { useReviewStore } from '../../renderer/stores/review-store.js';
import { useTestsStore } from '../../renderer/stores/tests-store.js';
import { formatDelta, formatNumber, formatPercentChange } from '../../renderer/tests/format-values.js';

let latest: TestRunReport | null = null;
let branches: BranchInfo[] = [];
const calls: string[] = [];

/** Only what these stores reach; every call is recorded so a test can say that none was made. */
function stubClient(): AssayClient {
  const api: Partial<AssayApi> = {
    latestTestReport: async () => ({ ok: true, value: latest }),
    listBranches: async () => ({ ok: true, value: branches }),
    testHistory: async () => ({ ok: true, value: [] }),
    signOff: async () => {
      calls.push('signOff');
      return { ok: false, error: 'not in this test' };
    },
  };
  return { ...(api as AssayApi), onEvent: () => () => undefined };
}

function result(id: string, node: string, status: TestStatus, stage: TestResult['stage'] = 'business-logic'): TestResult {
  return {
    id, name: id, kind: id.split('.')[0] ?? 'test', stage, node, column: null, severity: 'error', status, observed: 0, threshold: '!= 0',
    baseline: null, delta: null, delta_pct: null, failing_rows: 0, sample: [], duration_ms: 1, message: null, location: { file: 'models/schema.yml' },
  };
}

function report(tests: TestResult[], commit = 'aaaa1111'): TestRunReport {
  return {
    project: 'demo', branch: 'feature/x', commit, env: 'feature~x', env_fingerprint: 'f'.repeat(64), started_at: '', finished_at: '',
    summary: { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 }, tests,
  };
}

function diff(name: string, change: ModelDiff['change']): ModelDiff {
  return {
    name, status: 'modified', change, primary_key: null, key_note: null, schema: { added: [], removed: [], retyped: [] },
    rows: { base: 1, compare: 1, added: 0, removed: 0, changed: 0, unchanged: 1 }, columns: {}, profile: {},
    samples: { changed: [], added: [], removed: [] }, tests_changed: [], error: null,
  };
}

function openProject(): void {
  const node = (id: string, kind: 'model' | 'source') => ({
    id, name: id.replace(/^source:\w+\./, ''), kind, materialization: 'table' as const, dependsOn: [], columns: [], tags: [], location: { file: `${id}.sql` },
  });
  const state: ProjectState = {
    project: { name: 'demo', root: '/demo', nodes: [node('orders', 'model'), node('customers', 'model'), node('source:shop.orders', 'source')], tests: [], errors: [] },
    git: { isRepo: true, branch: 'feature/x', changed: [], branches: ['main', 'feature/x'] },
    env: 'feature~x',
    nodes: [],
  };
  useProjectStore().apply(state);
}

describe('the tests, review and release stores', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    installAssayClient(stubClient());
    latest = null;
    branches = [];
    calls.length = 0;
    openProject();
  });

  it('marks each node with its worst test, and lists failing and erroring tests first, then warnings, then the rest by stage in pipeline order', () => {
    const tests = useTestsStore();
    tests.report = report([
      result('unique.orders.id', 'orders', 'pass'),
      result('variation.orders', 'orders', 'fail', 'output'),
      result('not_null.customers.id', 'customers', 'warn'),
      result('row_count.customers', 'customers', 'error'),
      result('row_count.source:shop.orders', 'source:shop.orders', 'skipped', 'input'),
      result('row_count.dashboard:sales.monthly', 'dashboard:sales.monthly', 'pass', 'output'),
      result('range.dashboard:sales.by_region', 'dashboard:sales.by_region', 'warn', 'output'),
    ]);
    expect(Object.fromEntries(tests.worstByNode)).toEqual({ orders: 'fail', customers: 'error', 'source:shop.orders': 'skipped', 'dashboard:sales': 'warn' });
    expect(tests.groups.map((group) => [group.key, group.tests.map((test) => test.id)])).toEqual([
      ['failing', ['row_count.customers', 'variation.orders']],
      ['warnings', ['not_null.customers.id', 'range.dashboard:sales.by_region']],
      ['input', ['row_count.source:shop.orders']],
      ['business-logic', ['unique.orders.id']],
      ['output', ['row_count.dashboard:sales.monthly']],
    ]);

    tests.filterByStage('business-logic');
    tests.filterByStatus('warn');
    expect(tests.filtered.map((test) => test.id)).toEqual(['not_null.customers.id']);
  });

  it('filters by a count badge, and opens the first failing test past the filters that hid it', async () => {
    const tests = useTestsStore();
    tests.report = report([
      result('unique.orders.id', 'orders', 'pass'),
      result('variation.orders', 'orders', 'fail', 'output'),
      result('row_count.customers', 'customers', 'error'),
    ]);
    tests.toggleStatusFilter('pass');
    expect(tests.filtered.map((test) => test.id)).toEqual(['unique.orders.id']);
    tests.toggleStatusFilter('pass');
    expect(tests.statusFilter).toBe('all');
    tests.filterByStage('input');
    await tests.openFirstFailing();
    expect([tests.stageFilter, tests.statusFilter, tests.selectedId]).toEqual(['all', 'all', 'row_count.customers']);
  });

  it('will not sign off a report made before the branch moved on', async () => {
    branches = [{ name: 'feature/x', current: true, ahead: 2, behind: 0, commit: 'bbbb2222' }];
    await useGitStore().refresh();
    const tests = useTestsStore();
    const release = useReleaseStore();
    tests.report = report([], 'aaaa1111');
    expect(release.staleReason).toMatch(/tested aaaa1111, but feature\/x is now at bbbb2222/);
    await release.signOff();
    expect(calls).toEqual([]);

    tests.report = report([], 'bbbb2222');
    expect(release.staleReason).toBeNull();
  });

  it('puts the models a branch edits before those they ripple into, and badges them by lineage id', async () => {
    branches = [{ name: 'main', current: false, ahead: 0, behind: 0, commit: 'm' }, { name: 'feature/x', current: true, ahead: 1, behind: 0, commit: 'f' }];
    await useGitStore().refresh();
    const review = useReviewStore();
    review.report = {
      base: { ref: 'main', commit: 'm', env: 'main' }, compare: { ref: 'feature/x', commit: 'f', env: 'feature~x' }, tolerance: 0, generated_at: '',
      models: [diff('customers', 'indirect'), { ...diff('unchanged_one', null), status: 'unchanged' }, diff('orders', 'direct')],
    };
    expect(review.impacted.map((model) => model.name)).toEqual(['orders', 'customers']);
    expect(review.badgeByNode.get('orders')).toEqual({ status: 'modified', change: 'direct' });
    expect(review.badgeByNode.has('unchanged_one')).toBe(false);

    review.chooseCompare('feature/x');
    expect(review.compare).toBeNull();
    review.chooseCompare('main');
    expect(review.compare).toBe('main');
  });

  it('formats values the way the screens show them', () => {
    expect(formatPercentChange(-33.33)).toBe('−33.3 %');
    expect(formatPercentChange(50)).toBe('+50.0 %');
    expect(formatDelta(-40)).toBe('−40');
    expect(formatNumber(24000)).toBe('24,000');
    expect(formatNumber(null)).toBe('—');
  });
});
