import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OperationArgs, OperationResults } from '../../shared/api.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

/** Six orders with a number, a text, a date, a timestamp, a decimal and a boolean column, one of them null. */
const ORDERS = `select * from (values
  (1, 'north', date '2024-01-05', timestamp '2024-01-05 10:00:00', 12.50::decimal(10,2), true),
  (2, 'south', date '2024-02-10', timestamp '2024-02-10 11:30:00', 99.00::decimal(10,2), false),
  (3, 'North-East', date '2024-02-20', timestamp '2024-02-20 09:15:00', 40.25::decimal(10,2), true),
  (4, 'west', date '2024-03-01', timestamp '2024-03-01 08:00:00', 5.00::decimal(10,2), false),
  (5, null, date '2024-03-15', timestamp '2024-03-15 17:45:00', 70.00::decimal(10,2), true),
  (6, 'O''Brien; drop table orders --', date '2024-04-01', timestamp '2024-04-01 12:00:00', 1.00::decimal(10,2), false)
) as t(id, region, ordered_on, ordered_at, amount, paid)`;

describe('the data preview sorts and filters in DuckDB (issue 19)', () => {
  let workbench: Workbench;
  const preview = async (args: Omit<OperationArgs<'previewNode'>, 'node'>) => {
    const result = await workbench.dispatch('previewNode', { node: 'orders', ...args });
    if (!result.ok) throw new Error(result.error);
    return result.value as OperationResults['previewNode'];
  };
  const ids = async (args: Omit<OperationArgs<'previewNode'>, 'node'>) => (await preview(args)).rows.map((row) => row.id);
  const refused = async (args: unknown) => {
    const result = await workbench.dispatch('previewNode', { node: 'orders', ...(args as object) });
    if (result.ok) throw new Error('the preview was not refused');
    return result.error;
  };

  beforeAll(async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/orders.sql': ORDERS });
    await initCommittedRepo(root);
    workbench = new Workbench({ home: await mkdtemp(path.join(tmpdir(), 'assay-home-')), watch: false, autoBuild: false });
    const opened = await workbench.dispatch('openProject', { dir: root });
    if (!opened.ok) throw new Error(opened.error);
    const built = await workbench.dispatch('startBuild', {});
    if (!built.ok) throw new Error(built.error);
  });
  afterAll(async () => workbench.close());

  it('sorts ascending and descending, nulls last, and pages through the sorted rows', async () => {
    expect(await ids({ orderBy: [{ column: 'amount', direction: 'desc' }] })).toEqual([2, 5, 3, 1, 4, 6]);
    expect(await ids({ orderBy: [{ column: 'region', direction: 'asc' }] })).toEqual([3, 6, 1, 2, 4, 5]);
    expect(await ids({ orderBy: [{ column: 'region', direction: 'desc' }] })).toEqual([4, 2, 1, 6, 3, 5]);
    expect(await ids({ orderBy: [{ column: 'amount', direction: 'asc' }], offset: 2, limit: 2 })).toEqual([1, 3]);
  });

  it('filters by contains, equality and range, typed by the column, and counts only what passes', async () => {
    const north = await preview({ filters: [{ column: 'region', op: 'contains', value: 'NORTH' }] });
    expect(north.rows.map((row) => row.id)).toEqual([1, 3]);
    expect(north.total).toBe(2);
    expect(await ids({ filters: [{ column: 'id', op: 'eq', value: 4 }] })).toEqual([4]);
    expect(await ids({ filters: [{ column: 'paid', op: 'eq', value: true }] })).toEqual([1, 3, 5]);
    expect(await ids({ filters: [{ column: 'amount', op: 'range', min: 10, max: 70 }] })).toEqual([1, 3, 5]);
    expect(await ids({ filters: [{ column: 'ordered_on', op: 'range', min: '2024-02-01', max: '2024-02-29' }] })).toEqual([2, 3]);
    expect(await ids({ filters: [{ column: 'ordered_at', op: 'range', max: '2024-02-10 11:30:00' }] })).toEqual([1, 2]);
    const both = await preview({ filters: [{ column: 'ordered_on', op: 'range', min: '2024-02-01' }, { column: 'paid', op: 'eq', value: false }], orderBy: [{ column: 'id', direction: 'desc' }] });
    expect([both.rows.map((row) => row.id), both.total]).toEqual([[6, 4, 2], 3]);
  });

  it('names an unknown column, in a sort or a filter', async () => {
    expect(await refused({ orderBy: [{ column: 'amout', direction: 'asc' }] })).toMatch(/unknown column 'amout' in 'orders'; its columns are id, region, ordered_on, ordered_at, amount, paid/);
    expect(await refused({ filters: [{ column: 'Region', op: 'contains', value: 'x' }] })).toMatch(/unknown column 'Region'/);
  });

  it('names a filter value of the wrong type for its column', async () => {
    expect(await refused({ filters: [{ column: 'amount', op: 'eq', value: 'lots' }] })).toMatch(/the filter value "lots" for column 'amount' \(DECIMAL\(10,2\)\) is not a number/);
    expect(await refused({ filters: [{ column: 'ordered_on', op: 'range', min: '2024-02-30' }] })).toMatch(/"2024-02-30" for column 'ordered_on' \(DATE\) is not a date/);
    expect(await refused({ filters: [{ column: 'paid', op: 'eq', value: 'yes' }] })).toMatch(/"yes" for column 'paid' \(BOOLEAN\) is not true or false/);
    expect(await refused({ filters: [{ column: 'region', op: 'eq', value: 3 }] })).toMatch(/3 for column 'region' \(VARCHAR\) is not text/);
    expect(await refused({ filters: [{ column: 'amount', op: 'range' }] })).toMatch(/range filter on 'amount' needs a min, a max or both/);
    expect(await refused({ filters: [{ column: 'amount', op: 'between', value: 1 }] })).toMatch(/invalid argument for previewNode: filters\.0\.op/);
    expect(await refused({ orderBy: [{ column: 'amount', direction: 'sideways' }] })).toMatch(/invalid argument for previewNode: orderBy\.0\.direction/);
  });

  it('never runs a column name or a value as SQL', async () => {
    expect(await refused({ orderBy: [{ column: 'id" desc, (select 1) --', direction: 'asc' }] })).toMatch(/unknown column 'id" desc, \(select 1\) --'/);
    expect(await refused({ filters: [{ column: 'region" or 1=1 --', op: 'contains', value: 'x' }] })).toMatch(/unknown column/);
    const quoted = await preview({ filters: [{ column: 'region', op: 'eq', value: "O'Brien; drop table orders --" }] });
    expect([quoted.rows.map((row) => row.id), quoted.total]).toEqual([[6], 1]);
    const always = await preview({ filters: [{ column: 'region', op: 'eq', value: "x' or '1'='1" }] });
    expect(always.total).toBe(0);
    expect((await preview({})).total).toBe(6);
  });
});
