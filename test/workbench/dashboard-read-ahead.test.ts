import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ElementResult } from '../../shared/dashboard-types.js';
import { ElementResultCache } from '../../electron/core/dashboards/element-result-cache.js';
import { DashboardReadAhead } from '../../electron/core/workbench/dashboard-read-ahead.js';
import { twoModelProject } from '../dashboards/dashboard-project.js';
import { closeOpenedWorkbenches, openWorkbenchAt } from './opened-workbench.js';

const byName = (elements: ElementResult[]) => Object.fromEntries(elements.map((e) => [e.name, e]));

/**
 * After a build, the page showing a dashboard asks for it again once the build's event has reached
 * it. The app does not wait for that: it runs the dashboards it showed last on the checked-out
 * branch as soon as the build publishes, and the page's request takes that run.
 */
describe('the dashboards on screen after a build', () => {
  afterEach(closeOpenedWorkbenches);

  it('are run again as soon as the build publishes, with the parameter values they were shown with', async () => {
    const root = await twoModelProject();
    const t = await openWorkbenchAt(root);
    await t.call('startBuild', {});
    const before = byName((await t.call('previewDashboard', { name: 'two', params: { region: 'south' } })).elements);
    expect(before.by_month?.rows.map((r) => r.amount)).toEqual([50, 51, 52]);

    await writeFile(path.join(root, 'models/sales_by_month.sql'), "select month, region, sum(amount) * 2 as amount from {{ ref('sales') }} group by all\n");
    await t.call('startBuild', {});
    await t.settled();
    // The page's request, after the build: the changed element was run by the read-ahead, not by this request.
    const after = byName((await t.call('previewDashboard', { name: 'two', params: { region: 'south' } })).elements);
    expect(after.by_month?.cached).toBe(true);
    expect(after.by_month?.rows.map((r) => r.amount)).toEqual([100, 102, 104]);
    expect(after.targets?.cached).toBe(true);
  });

  it('is not done for a preview that names its branch (only the app\'s previews of the checked-out branch are)', async () => {
    const root = await twoModelProject();
    const t = await openWorkbenchAt(root);
    await t.call('startBuild', {});
    await t.call('previewDashboard', { name: 'two', branch: 'main' });
    await writeFile(path.join(root, 'models/targets.sql'), "select date '2024-01-01' as month, 250 as target\n");
    await t.call('startBuild', {});
    await t.settled();
    const after = byName((await t.call('previewDashboard', { name: 'two' })).elements);
    expect(after.targets?.cached).toBeUndefined();
    expect(after.targets?.rows).toEqual([{ month: '2024-01-01', target: 250 }]);
  });
});

describe('DashboardReadAhead', () => {
  it('reads ahead the two dashboards shown last on the built environment, within ten minutes of their preview', () => {
    let now = 0;
    const ahead = new DashboardReadAhead(() => now);
    const reran: string[] = [];
    const shown = (env: string, name: string, params?: Record<string, unknown>) =>
      ahead.shownOn(env, name, params, async () => reran.push(`${name} ${JSON.stringify(params ?? {})}`));
    shown('main', 'old');
    now = 1000;
    shown('main', 'sales', { region: 'south' });
    shown('feature~x', 'other');
    shown('main', 'sales', { region: 'south' });
    ahead.published('main');
    // 'old' was pushed out by the two shown after it; 'other' is on another environment.
    expect(reran).toEqual(['sales {"region":"south"}']);

    reran.length = 0;
    now = 1000 + 10 * 60_000 + 1;
    ahead.published('main');
    ahead.published('feature~x');
    expect(reran).toEqual([]);
  });
});

describe('ElementResultCache.answer', () => {
  const result = (name: string, error: string | null = null): ElementResult =>
    ({ name, title: name, spec: {}, columns: [], rows: [], truncated: false, warning: null, error, tests: [], ms: 1 }) as unknown as ElementResult;

  it('runs an element asked twice at once a single time, and does not keep a failed run', async () => {
    const cache = new ElementResultCache();
    let runs = 0;
    const finishers: ((r: ElementResult) => void)[] = [];
    const run = () => {
      runs += 1;
      return new Promise<ElementResult>((resolve) => finishers.push(resolve));
    };
    const first = cache.answer('k', run);
    const second = cache.answer('k', run);
    for (const finish of finishers) finish(result('chart'));
    expect([(await first).cached, (await second).cached]).toEqual([undefined, true]);
    expect(runs).toBe(1);
    expect((await cache.answer('k', run)).cached).toBe(true);
    expect(runs).toBe(1);

    const failing = async () => {
      runs += 1;
      return result('chart', 'Binder Error');
    };
    await cache.answer('bad', failing);
    await cache.answer('bad', failing);
    expect(runs).toBe(3);
  });
});
