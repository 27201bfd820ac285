import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { checkoutBranch, checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const byId = (tests: TestResult[]) => Object.fromEntries(tests.map((t) => [t.id, t]));

async function project(files: Record<string, string>, git = false) {
  const root = await writeTempProject({ ...minimalProject, ...files });
  if (git) await initCommittedRepo(root);
  return root;
}

describe('running tests', () => {
  it('runs row checks, and turns bad declarations and bad SQL into errors while the others still run', async () => {
    const root = await project({
      'models/orders.sql': "select * from (values (1, 'open', 10), (2, 'done', -5), (2, 'lost', null)) t(id, status, amount)",
      'models/schema.yml': [
        'models:',
        '  - name: orders',
        '    tests:',
        '      - row_count: {min: 1, max: 2}',
        '      - expression: {expression: "amount >= 0"}',
        '      - expression: {expression: "no_such_column > 0"}',
        '      - unique_combination: {columns: [id, status]}',
        '    columns:',
        '      - name: id',
        '        tests: [unique, not_null]',
        '      - name: status',
        '        tests:',
        "          - accepted_values: {values: ['open', 'done'], severity: warn}",
        '      - name: amount',
        '        tests:',
        '          - not_null: {config: {warn_if: ">= 1", error_if: "> 5"}}',
        '          - range: {min: 0, max: 100}',
        '      - name: not_there',
        '        tests: [not_null]',
      ].join('\n'),
    });
    const report = await runTestPipeline({ projectRoot: root });
    const r = byId(report.tests);
    expect(r['row_count.orders']).toMatchObject({ status: 'fail', observed: 3, threshold: 'min 1, max 2' });
    expect(r['expression.orders']).toMatchObject({ status: 'fail', failing_rows: 1 });
    expect(r['expression.orders.2']).toMatchObject({ status: 'error', message: expect.stringMatching(/no_such_column/) });
    expect(r['unique_combination.orders']).toMatchObject({ status: 'pass' });
    expect(r['unique.orders.id']).toMatchObject({ status: 'fail', failing_rows: 1 });
    expect(r['unique.orders.id']?.sample).toHaveLength(2);
    expect(r['not_null.orders.id']).toMatchObject({ status: 'pass' });
    expect(r['accepted_values.orders.status']).toMatchObject({ status: 'warn', failing_rows: 1, sample: [{ id: 2, status: 'lost', amount: null }] });
    expect(r['not_null.orders.amount']).toMatchObject({ status: 'warn', failing_rows: 1 });
    expect(r['range.orders.amount']).toMatchObject({ status: 'fail', failing_rows: 1 });
    expect(r['not_null.orders.not_there']).toMatchObject({ status: 'error', message: "column 'not_there' does not exist in orders (it has id, status, amount)" });
    expect(report.summary).toEqual({ pass: 2, warn: 2, fail: 4, error: 2, skipped: 0 });
  });

  it('caps the sample of a test failing on millions of rows', async () => {
    const root = await project({
      'models/big.sql': 'select range as id, null::int as missing from range(3000000)',
      'models/schema.yml': 'models:\n  - name: big\n    columns:\n      - name: missing\n        tests: [not_null]\n',
    });
    const report = await runTestPipeline({ projectRoot: root, sampleSize: 3 });
    expect(report.tests[0]).toMatchObject({ status: 'fail', failing_rows: 3_000_000 });
    expect(report.tests[0]?.sample).toHaveLength(3);
  });

  it('checks relationships, schema and singular tests', async () => {
    const root = await project({
      'models/customers.sql': 'select * from (values (1), (2)) t(id)',
      'models/orders.sql': 'select * from (values (10, 1), (11, 3)) t(id, customer_id)',
      'models/schema.yml': [
        'models:',
        '  - name: orders',
        '    tests:',
        '      - schema: {columns: {id: INTEGER, customer_id: VARCHAR}}',
        '    columns:',
        '      - name: customer_id',
        "        tests: [{relationships: {to: ref('customers'), field: id}}]",
      ].join('\n'),
      'tests/no_big_ids.sql': "select * from {{ ref('orders') }} where id > 10",
    });
    const r = byId((await runTestPipeline({ projectRoot: root })).tests);
    expect(r['relationships.orders.customer_id']).toMatchObject({ status: 'fail', failing_rows: 1, sample: [{ id: 11, customer_id: 3 }] });
    expect(r['schema.orders']).toMatchObject({ status: 'fail', message: 'customer_id is INTEGER, expected VARCHAR' });
    expect(r['singular.no_big_ids']).toMatchObject({ status: 'fail', node: 'orders', failing_rows: 1 });
  });
});

describe('variation tests', () => {
  const monthly = (rows: string) => `select * from (values ${rows}) t(month, customer_id, amount)`;

  it('compares each period with the previous one, per group', async () => {
    const root = await project({
      'models/sales.sql': monthly("('2024-01-01'::date, 1, 10), ('2024-01-01'::date, 2, 10), ('2024-01-01'::date, 3, 10), ('2024-02-01'::date, 1, 10), ('2024-02-01'::date, 2, 10)"),
      'models/schema.yml': 'models:\n  - name: sales\n    tests:\n      - variation: {metric: "count(distinct customer_id)", period: {column: month, grain: month}, compare_to: previous_period, error_pct: 20, direction: drop}\n',
    });
    const [result] = (await runTestPipeline({ projectRoot: root })).tests;
    expect(result).toMatchObject({ status: 'fail', observed: 2, baseline: 3, delta: -1, delta_pct: -33.33 });
    expect(result?.points).toEqual([{ period: '2024-02-01', current: 2, baseline: 3, delta: -1, deltaPct: -33.33, status: 'fail' }]);
  });

  it('explains a metric that is not an aggregate, and a baseline branch that does not exist', async () => {
    const root = await project({
      'models/sales.sql': monthly("('2024-01-01'::date, 1, 10)"),
      'models/schema.yml': [
        'models:',
        '  - name: sales',
        '    tests:',
        '      - variation: {metric: "amount", compare_to: previous_run, error_pct: 10}',
        '      - variation: {metric: "sum(amount)", compare_to: baseline_branch, baseline_branch: release, error_pct: 10}',
      ].join('\n'),
    }, true);
    const [notAggregate, noBranch] = (await runTestPipeline({ projectRoot: root })).tests;
    expect(notAggregate).toMatchObject({ status: 'error', message: expect.stringMatching(/^metric 'amount' is not an aggregate/) });
    expect(noBranch).toMatchObject({ status: 'error', message: expect.stringMatching(/baseline branch 'release' has no environment/) });
  });

  it('compares with the baseline branch as it is now, after it was rebuilt between two runs', async () => {
    const schema = ['models:', '  - name: orders', '    tests:', '      - variation: {metric: "sum(amount)", compare_to: baseline_branch, baseline_branch: main, error_pct: 10}'].join('\n');
    const root = await project({ 'models/orders.sql': 'select 1 as id, 100 as amount', 'models/schema.yml': schema }, true);
    await buildBranch({ projectRoot: root });
    await checkoutNewBranch(root, 'feature');
    expect((await runTestPipeline({ projectRoot: root })).tests[0]).toMatchObject({ status: 'pass', observed: 100, baseline: 100 });

    // main moves on and is rebuilt; the feature environment is unchanged, and was read moments ago.
    await checkoutBranch(root, 'main');
    await writeFile(path.join(root, 'models/orders.sql'), 'select 1 as id, 200 as amount');
    await commitAll(root, 'double the orders');
    await buildBranch({ projectRoot: root });
    await checkoutBranch(root, 'feature');
    expect((await runTestPipeline({ projectRoot: root })).tests[0]).toMatchObject({ status: 'fail', observed: 100, baseline: 200 });
  });

  it("compares with this branch's previous run, and passes a zero-against-zero baseline", async () => {
    const root = await project({
      'seeds/daily.csv': 'day,amount\n2024-01-01,100\n',
      'models/totals.sql': "select sum(amount) as total, count(*) filter (where amount < 0) as negatives from {{ ref('daily') }}",
      'models/schema.yml': [
        'models:',
        '  - name: totals',
        '    tests:',
        '      - variation: {metric: "sum(total)", compare_to: previous_run, error_pct: 25, direction: both}',
        '      - variation: {metric: "sum(negatives)", compare_to: previous_run, error_pct: 25, direction: rise}',
      ].join('\n'),
    });
    const first = await runTestPipeline({ projectRoot: root });
    expect(first.tests.map((t) => t.status)).toEqual(['skipped', 'skipped']);
    await writeFile(path.join(root, 'seeds/daily.csv'), 'day,amount\n2024-01-01,100\n2024-01-02,50\n');
    const second = await runTestPipeline({ projectRoot: root });
    expect(second.tests[0]).toMatchObject({ status: 'fail', observed: 150, baseline: 100, delta: 50, delta_pct: 50 });
    expect(second.tests[1]).toMatchObject({ status: 'pass', observed: 0, baseline: 0, delta_pct: 0 });
  });
});

describe('stages', () => {
  it('stops before building models when an input test fails', async () => {
    const root = await project({
      'seeds/supplier.csv': 'customer_id,name\n1,A\n1,B\n',
      'seeds/schema.yml': 'seeds:\n  - name: supplier\n    columns:\n      - name: customer_id\n        tests: [unique]\n',
      'models/customers.sql': "select * from {{ ref('supplier') }}",
      'models/schema.yml': 'models:\n  - name: customers\n    tests:\n      - row_count: {min: 1}\n',
    });
    const report = await runTestPipeline({ projectRoot: root });
    const r = byId(report.tests);
    expect(r['unique.supplier.customer_id']).toMatchObject({ stage: 'input', status: 'fail' });
    // It could not run: that is an error of the run, not a skip (skipped is only what was deselected).
    expect(r['row_count.customers']).toMatchObject({ stage: 'business-logic', status: 'error', message: expect.stringMatching(/^not run: input tests failed \(unique.supplier.customer_id\)/) });
    const onlyInputs = await runTestPipeline({ projectRoot: root, stage: 'input' });
    expect(onlyInputs.tests.map((t) => [t.id, t.status])).toEqual([['unique.supplier.customer_id', 'fail'], ['row_count.customers', 'skipped']]);
  });
});
