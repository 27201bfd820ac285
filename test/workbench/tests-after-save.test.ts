import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { eventually, openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

const recordedRuns = (events: ApiEvent[]): TestRunReport[] => events.flatMap((e) => (e.event === 'tests' ? [e.payload] : []));
const statusOf = (run: TestRunReport, id: string) => run.tests.find((test) => test.id === id)?.status;
const DUPLICATED_CUSTOMER = `\nunion all\nselect 1 as customer_id, 'Again' as first_name, 'Twice' as last_name\n`;

/**
 * After a save rebuilt some nodes, their tests run on their own: the analyst sees a test break as
 * the rows change, not when they next think of running the tests (issue 18).
 */
describe('the tests after a save', () => {
  let t: TempWorkbench | undefined;
  afterEach(async () => t?.dispose());

  async function saveDuplicateCustomer(workbench: TempWorkbench): Promise<void> {
    const file = path.join(workbench.root, 'models/staging/stg_customers.sql');
    await workbench.call('saveModel', { node: 'stg_customers', sql: `${await readFile(file, 'utf8')}${DUPLICATED_CUSTOMER}` });
  }

  it('run the tests of the rebuilt nodes on the new rows, and keep every other result', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, debounceMs: 100 });
    const first = await t.call('runTests', {});
    expect(statusOf(first, 'unique.stg_customers.customer_id')).toBe('pass');
    const ordersTest = first.tests.find((test) => test.id === 'unique.stg_orders.order_id');
    expect(ordersTest?.status).toBe('pass');
    t.events.length = 0;

    await saveDuplicateCustomer(t);
    const run = await eventually(() => recordedRuns(t?.events ?? [])[0], 120_000);
    await t.workbench.settled();

    // The saved model and what it feeds were rebuilt, and their tests ran on the new rows.
    expect(statusOf(run, 'unique.stg_customers.customer_id')).toBe('fail');
    expect(statusOf(run, 'unique.customers.customer_id')).toBe('fail');
    expect(statusOf(run, 'not_null.stg_customers.customer_id')).toBe('pass');
    // The rest was not run again: it keeps its result, marked with the run it came from.
    const kept = run.tests.find((test) => test.id === 'unique.stg_orders.order_id');
    expect(kept?.status).toBe('pass');
    expect(kept?.last_run?.at).toBe(first.finished_at);
    // ... and its history has no point for the run that left it out; the rerun test has both.
    expect((await t.call('testHistory', { test: 'unique.stg_orders.order_id' })).map((point) => point.status)).toEqual(['pass']);
    expect((await t.call('testHistory', { test: 'unique.stg_customers.customer_id' })).map((point) => point.status)).toEqual(['pass', 'fail']);
    // Each result was pushed as it came, after the new state was announced.
    const kinds = t.events.filter((e) => e.event === 'project' || e.event === 'test' || e.event === 'tests').map((e) => e.event);
    expect(kinds[0]).toBe('project');
    expect(kinds.filter((kind) => kind === 'test').length).toBeGreaterThan(0);
    expect(kinds.at(-1)).toBe('tests');
    // On the environment the save's build published: nothing is built a second time for the tests.
    const announced = t.events.findIndex((e) => e.event === 'project');
    expect(t.events.slice(announced).filter((e) => e.event === 'build')).toEqual([]);
    // What the Tests screen reads afterwards is that board.
    expect(statusOf((await t.call('latestTestReport', {}))!, 'unique.stg_customers.customer_id')).toBe('fail');
  });

  it('run nothing when automatic tests are off', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, autoTest: false, debounceMs: 100 });
    await t.call('runTests', {});
    t.events.length = 0;
    await saveDuplicateCustomer(t);
    await eventually(() => t?.events.find((e) => e.event === 'project'), 120_000);
    await t.workbench.settled();
    expect(recordedRuns(t.events)).toEqual([]);
    expect(statusOf((await t.call('latestTestReport', {}))!, 'unique.stg_customers.customer_id')).toBe('pass');
  });
});
