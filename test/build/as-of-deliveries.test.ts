import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { parseAsOf } from '../../electron/core/project/delivery-date.js';
import { sourceGlobs } from '../../electron/core/refresh/source-globs.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { queryEnv } from '../helpers/env-reader.js';
import { checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { lakeProject, lakeSources } from '../helpers/lake-project.js';
import { assay } from '../helpers/run-cli.js';

const rowsOf = async (root: string, env: string, sql: string) => queryEnv(root, env, sql);

describe('sources over dated deliveries (meta.deliveries)', () => {
  it('gives each row the date of the folder it was delivered in, as a DATE column', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n2,20\n', '2024-02-15': '3,30\n', '20240301': '4,40\n' });
    const { target } = await buildBranch({ projectRoot: root });
    expect(target.status).toBe('ok');
    const rows = await rowsOf(root, 'main', 'select order_id, delivery_month, typeof(delivery_month) as type from orders order by order_id');
    expect(rows.map((r) => [Number(r.order_id), String(r.delivery_month), r.type])).toEqual([
      [1, '2024-01-01', 'DATE'], [2, '2024-01-01', 'DATE'], [3, '2024-02-15', 'DATE'], [4, '2024-03-01', 'DATE'],
    ]);
  });

  it('reads hive-style folders (delivery_month=2024-01) the same way, the partition column typed as a date', async () => {
    const root = await lakeProject(
      { 'delivery_month=2024-01': '1,10\n', 'delivery_month=2024-02': '2,20\n' },
      'lake/delivery_month={delivery_month}/orders.csv',
      "read_csv('lake/delivery_month=*/orders.csv', header = true, hive_partitioning = true)",
    );
    const { target } = await buildBranch({ projectRoot: root });
    expect(target.status).toBe('ok');
    const rows = await rowsOf(root, 'main', 'select order_id, delivery_month, typeof(delivery_month) as type from orders order by order_id');
    expect(rows.map((r) => [Number(r.order_id), String(r.delivery_month), r.type])).toEqual([[1, '2024-01-01', 'DATE'], [2, '2024-02-01', 'DATE']]);
  });

  it('builds the lake as of a date beside the branch, reading only the deliveries made by then and reusing what reads no lake file', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n', '2024-02-03': '2,20\n', '2024-02-27': '3,30\n', '2024-03': '4,40\n' });
    await buildBranch({ projectRoot: root });
    const { target } = await buildBranch({ projectRoot: root, asOf: parseAsOf('2024-02') });
    expect(target.env).toBe('main^as-of~2024-02');
    expect(target.status).toBe('ok');
    const statuses = Object.fromEntries(target.nodes.map((n) => [n.node, n.status]));
    expect(statuses).toMatchObject({ calendar: 'reused', orders: 'built' });
    // A month covers every delivery made in it; a day covers that day's.
    expect((await rowsOf(root, 'main^as-of~2024-02', 'select order_id from orders order by 1')).map((r) => Number(r.order_id))).toEqual([1, 2, 3]);
    await buildBranch({ projectRoot: root, asOf: parseAsOf('2024-02-03') });
    expect((await rowsOf(root, 'main^as-of~2024-02-03', 'select order_id from orders order by 1')).map((r) => Number(r.order_id))).toEqual([1, 2]);
    expect(target.errors).toEqual([]);
    // The branch's own environment still reads every delivery.
    expect((await rowsOf(root, 'main', 'select count(*) as n from orders'))[0]?.n).toBe(4);
  });

  it('keeps an as-of environment as it was when a later delivery lands', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n', '2024-02': '2,20\n' });
    const asOf = parseAsOf('2024-01');
    await buildBranch({ projectRoot: root, asOf });
    await mkdir(path.join(root, 'lake/2024-03'), { recursive: true });
    await writeFile(path.join(root, 'lake/2024-03/orders.csv'), 'order_id,amount\n3,30\n');
    expect((await buildBranch({ projectRoot: root, asOf })).target.status).toBe('up-to-date');
    const { target } = await buildBranch({ projectRoot: root });
    expect(target.status).toBe('ok');
    expect((await rowsOf(root, 'main', 'select count(*) as n from orders'))[0]?.n).toBe(3);
  });

  it('fails the source, naming the file and the folder, when a folder of the lake is not a date', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n', latest: '2,20\n' });
    const { target } = await buildBranch({ projectRoot: root });
    expect(target.status).toBe('failed');
    const error = target.errors.find((e) => e.message.includes("'latest'"));
    expect(error).toMatchObject({ file: 'models/sources.yml', line: 5 });
    expect(error?.message).toContain('lake/latest/orders.csv');
    expect(target.nodes.find((n) => n.node === 'source:lake.orders')?.status).toBe('failed');
    expect(target.nodes.find((n) => n.node === 'orders')?.status).toBe('skipped');
  });

  it('fails an as-of build before the first delivery instead of reading the whole lake', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n', '2024-02': '2,20\n' });
    const { target } = await buildBranch({ projectRoot: root, asOf: parseAsOf('2023-12') });
    expect(target.status).toBe('failed');
    expect(target.errors.map((e) => e.message).join('\n')).toContain('--as-of 2023-12 is before its first delivery (lake/2024-01/orders.csv, 2024-01)');
    expect(target.nodes.find((n) => n.node === 'orders')?.status).toBe('skipped');
  });

  it('refuses a pattern that is not the glob the source reads, or that names no single folder', async () => {
    const mismatch = await lakeProject({ '2024-01': '1,10\n' }, 'lake/{delivery_month}/order.csv');
    const built = await buildBranch({ projectRoot: mismatch });
    expect(built.target.errors.map((e) => e.message).join('\n')).toContain("stands for the files 'lake/*/order.csv', but the source's external_location reads 'lake/*/orders.csv'");
    const twice = await lakeProject({ '2024-01': '1,10\n' }, 'lake/{year}/{month}/orders.csv');
    const second = await buildBranch({ projectRoot: twice });
    expect(second.target.errors.map((e) => e.message).join('\n')).toContain('must name exactly one folder as the delivery date');
  });

  it('is watched by its glob, so that assay watch sees a new delivery folder', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n' });
    const globs = await sourceGlobs(root);
    expect(globs.watched.map((w) => w.glob)).toEqual(['lake/*/orders.csv']);
  });

  it('assay build --as-of refuses a date it cannot read, saying how to write one', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n' });
    const result = await assay(['build', '--project', root, '--as-of', '2024-13']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--as-of '2024-13' is not a date: write it as YYYY-MM, YYYY-MM-DD or YYYYMMDD");
  });
});

describe('an as-of build of a project whose sources are not all dated', () => {
  it('reads an undated source whole, and warns that it does, naming it', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n', '2024-02': '2,20\n' });
    await writeFile(path.join(root, 'models/rates.yml'), "version: 2\nsources:\n  - name: ref\n    tables:\n      - name: rates\n        meta:\n          external_location: 'rates.csv'\n");
    await writeFile(path.join(root, 'rates.csv'), 'rate\n1.5\n');
    const { target } = await buildBranch({ projectRoot: root, asOf: parseAsOf('2024-01') });
    expect(target.status).toBe('ok');
    expect(target.errors).toEqual([expect.objectContaining({ severity: 'warning', file: 'models/rates.yml', message: 'source ref.rates has no meta.deliveries: the build as of 2024-01 reads all of its files' })]);
  });
});

describe('tests that compare deliveries', () => {
  it('a variation test per delivery date fails on the delivery that shrank', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n2,20\n3,30\n', '2024-02': '4,10\n5,20\n6,30\n', '2024-03': '7,10\n' });
    await writeFile(path.join(root, 'models/sources.yml'), `${lakeSources('lake/{delivery_month}/orders.csv')}        tests:
          - variation:
              metric: "count(*)"
              period: {column: delivery_month, grain: month}
              compare_to: previous_period
              error_pct: 50
              direction: drop
`);
    const report = await runTestPipeline({ projectRoot: root });
    const variation = report.tests.find((r) => r.kind === 'variation');
    expect(variation).toMatchObject({ status: 'fail', observed: 1, baseline: 3 });
  });

  it('a baseline_branch variation as of a date compares with the baseline branch as of the same date', async () => {
    const root = await lakeProject({ '2024-01': '1,10\n2,20\n3,30\n', '2024-02': '4,10\n' });
    await checkoutNewBranch(root, 'feature');
    await writeFile(path.join(root, 'models/orders.yml'), `version: 2
models:
  - name: orders
    tests:
      - variation:
          metric: "count(*)"
          compare_to: baseline_branch
          error_pct: 10
`);
    await commitAll(root, 'compare orders with main');
    const report = await runTestPipeline({ projectRoot: root, asOf: parseAsOf('2024-01') });
    expect(report.env).toBe('feature^as-of~2024-01');
    // main as of January has the same three orders; main itself has four.
    expect(report.tests.find((r) => r.kind === 'variation')).toMatchObject({ status: 'pass', observed: 3, baseline: 3 });
  });
});
