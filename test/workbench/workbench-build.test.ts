import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BuildEvent } from '../../shared/build-types.js';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('building and reading a project through the Workbench', () => {
  let t: TempWorkbench;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop');
  });
  afterAll(async () => t.dispose());

  it('opens the project with its graph, its git state and every node not built yet', async () => {
    const state = await t.call('projectState', {});
    expect(state?.project.name).toBe('jaffle_shop');
    expect(state?.env).toBe('main');
    expect(state?.git).toMatchObject({ isRepo: true, branch: 'main', changed: [] });
    expect(state?.project.nodes.find((n) => n.id === 'customers')?.dependsOn.sort()).toEqual(['stg_customers', 'stg_orders', 'stg_payments']);
    expect(state?.nodes.every((n) => n.status === 'not-built')).toBe(true);
  });

  it('builds the checked-out branch and forwards every build event', async () => {
    const summary = await t.call('startBuild', {});
    expect(summary.status).toBe('ok');
    const builds = t.events.filter((e) => e.event === 'build').map((e) => e.payload as BuildEvent);
    const finished = builds.filter((e) => e.type === 'node' && e.status === 'built').map((e) => (e.type === 'node' ? e.node : ''));
    expect(finished.sort()).toEqual(summary.nodes.filter((n) => n.status === 'built').map((n) => n.node).sort());
    expect(builds.some((e) => e.type === 'phase' && e.phase === 'done')).toBe(true);
    const status = await t.call('environmentStatus', {});
    expect(status.find((n) => n.node === 'customers')).toMatchObject({ status: 'built', rows: 30 });
  });

  it('reads a model: SQL as written, compiled SQL, and columns with types from the environment', async () => {
    const model = await t.call('readModel', { node: 'customers' });
    expect(model.file).toBe('models/marts/customers.sql');
    expect(model.rawSql).toBe(await readFile(path.join(t.root, 'models/marts/customers.sql'), 'utf8'));
    expect(model.compiledSql).toContain('"stg_customers"');
    expect(model.compiledSql).not.toContain('{{');
    expect(model.error).toBeNull();
    expect(model.columns.map((c) => c.name)).toEqual(['customer_id', 'first_name', 'last_name', 'first_order', 'most_recent_order', 'number_of_orders', 'customer_lifetime_value']);
    expect(model.columns.find((c) => c.name === 'first_order')?.type).toBe('DATE');
  });

  it('pages through a node with LIMIT/OFFSET and the total row count', async () => {
    const first = await t.call('previewNode', { node: 'stg_customers', limit: 10 });
    expect(first).toMatchObject({ node: 'stg_customers', offset: 0, total: 30 });
    expect(first.rows).toHaveLength(10);
    expect(first.rows[0]).toEqual({ customer_id: 1, first_name: 'Vida', last_name: 'N.' });
    expect(first.columns.map((c) => c.name)).toEqual(['customer_id', 'first_name', 'last_name']);
    const last = await t.call('previewNode', { node: 'stg_customers', offset: 25, limit: 10 });
    expect(last.rows.map((r) => r.customer_id)).toEqual([26, 27, 28, 29, 30]);
  });

  it('marks a node stale once its SQL changes on disk, and saving through the API writes the file', async () => {
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    const sql = `${await readFile(file, 'utf8')}\nwhere customer_id <= 10\n`;
    expect(await t.call('saveModel', { node: 'stg_customers', sql })).toEqual({ file: 'models/staging/stg_customers.sql' });
    expect(await readFile(file, 'utf8')).toBe(sql);
    await t.workbench.settled();
    const state = await t.call('projectState', {});
    expect(state?.git.changed).toEqual(['models/staging/stg_customers.sql']);
    const stale = state?.nodes.filter((n) => n.status === 'stale').map((n) => n.node).sort();
    expect(stale).toEqual(['customers', 'stg_customers']);
  });

  it('refuses a second build while one runs, and cancels the running one', async () => {
    const running = t.workbench.dispatch('startBuild', { fullRefresh: true });
    expect(await t.workbench.dispatch('startBuild', {})).toEqual({ ok: false, error: expect.stringContaining('already running') });
    expect(await t.call('cancelBuild', {})).toEqual({ cancelled: true });
    const result = await running;
    expect(result).toMatchObject({ ok: true, value: { status: 'cancelled' } });
    expect(await t.call('cancelBuild', {})).toEqual({ cancelled: false });
  });
});
