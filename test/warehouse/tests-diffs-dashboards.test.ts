import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { readWarehouseCatalog } from '../../electron/core/warehouse/postgres/pg-catalog.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { diffQueryOnWarehouse } from '../../electron/core/warehouse/postgres/pg-query-diff.js';
import { previewDashboardOnWarehouse } from '../../electron/core/warehouse/postgres/pg-dashboards.js';
import { runTestsOnWarehouse } from '../../electron/core/warehouse/postgres/pg-tests.js';
import { checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { openWarehouse, project, rows, server, started } from './shop-on-postgres.js';

/** What reviewers read off a warehouse environment: test results, query diffs, dashboard previews. */
describe.skipIf(!started.ok)('tests, diffs and dashboards on a PostgreSQL target', () => {
  it('diffs a query on two environments read-only, one statement only', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    const main = await buildOnWarehouse({ projectRoot: root });
    await checkoutNewBranch(root, 'feature/q');
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,MW,25\n');
    await commitAll(root, 'orders change');
    await buildOnWarehouse({ projectRoot: root });
    const warehouse = await PgWarehouse.connect(main.target);
    try {
      const ask = (sql: string) => diffQueryOnWarehouse({ warehouse, compiled: main.compiled, renderer: main.renderer, sql, baseEnv: 'main', compareEnv: 'feature~q' });
      expect(await ask("select code, sales::float as sales from {{ ref('region_sales') }}")).toEqual({
        rowsBase: 3, rowsCompare: 3, onlyBase: 2, onlyCompare: 2,
        sampleOnlyBase: expect.arrayContaining([{ code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }]),
        sampleOnlyCompare: expect.arrayContaining([{ code: 'MW', sales: 25 }, { code: 'NE', sales: 10 }]),
      });
      await expect(ask("select 1 as one) as base; drop table assay_meta.catalog; select (1")).rejects.toThrow(/syntax error at or near ";"|cannot insert multiple commands/);
      await rows(other, 'create sequence counter');
      await expect(ask("select nextval('counter') as written")).rejects.toThrow(/cannot execute nextval\(\) in a read-only transaction/);
      expect(await rows(other, 'select count(*)::int as n from assay_meta.catalog')).not.toEqual([{ n: 0 }]);
    } finally {
      await warehouse.close();
    }
  });

  it('reports failing tests with their rows, and runs of a kind it cannot run there as errors', async () => {
    const other = await server.createDatabase();
    const root = await project(other, {
      'seeds/orders.csv': 'order_id,region,amount\n1,NE,10\n2,XX,20\n',
      'models/more.yml': [
        'version: 2',
        'models:',
        '  - name: big_orders',
        '    tests:',
        '      - row_count: {min: 1}',
        '      - variation: {name: fewer_than_main, metric: count(*), compare_to: baseline_branch, error_pct: 20, direction: drop}',
        '      - variation: {name: fewer_than_last_run, metric: count(*), compare_to: previous_run, error_pct: 20}',
        '      - volume_anomalies: {timestamp_column: order_id}',
        '    columns:',
        '      - name: amount',
        '        tests: [{range: {min: 0, max: 15}}, {not_null: {warn_if: "> 5", error_if: "> 10"}}]',
        '',
      ].join('\n'),
    });
    const { built, warehouse } = await openWarehouse(root);
    try {
      const results = await runTestsOnWarehouse({ warehouse, compiled: built.compiled, renderer: built.renderer, entries: await readWarehouseCatalog(warehouse, 'main'), schemaOf: built.schemaOf, env: built.summary.env });
      const relationships = results.find((r) => r.kind === 'relationships');
      expect(relationships).toMatchObject({ status: 'fail', failing_rows: 1, sample: [expect.objectContaining({ region: 'XX' })] });
      expect(results.find((r) => r.kind === 'accepted_values')).toMatchObject({ status: 'fail', failing_rows: 1 });
      expect(results.find((r) => r.kind === 'row_count')).toMatchObject({ status: 'pass', observed: 2 });
      expect(results.find((r) => r.kind === 'range')).toMatchObject({ status: 'fail', failing_rows: 1, sample: [expect.objectContaining({ order_id: 2 })] });
      expect(results.find((r) => r.kind === 'not_null' && r.node === 'big_orders')).toMatchObject({ status: 'pass', threshold: expect.stringContaining('> 10') });
      expect(results.find((r) => r.name === 'fewer_than_main')).toMatchObject({ status: 'pass', observed: 2, baseline: 2 });
      // The first run on the warehouse has no earlier run to compare with (run-history.test.ts has the next ones).
      expect(results.find((r) => r.name === 'fewer_than_last_run')).toMatchObject({ status: 'skipped', observed: 2, baseline: null });
      expect(results.find((r) => r.kind === 'volume_anomalies')).toMatchObject({ status: 'error', message: expect.stringMatching(/timestamp_column 'order_id' of big_orders is BIGINT, not a date or a timestamp/) });

      // On a branch that lost a big order, the variation against main's environment fails.
      await checkoutNewBranch(root, 'feature/smaller');
      await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,XX,5\n');
      await commitAll(root, 'a smaller order');
      const branch = await buildOnWarehouse({ projectRoot: root });
      const onBranch = await runTestsOnWarehouse({ warehouse, compiled: branch.compiled, renderer: branch.renderer, entries: await readWarehouseCatalog(warehouse, 'feature~smaller'), schemaOf: branch.schemaOf, env: branch.summary.env });
      expect(onBranch.find((r) => r.name === 'fewer_than_main')).toMatchObject({ status: 'fail', observed: 1, baseline: 2, delta_pct: -50 });
    } finally {
      await warehouse.close();
    }
  });

  it('previews a dashboard on the warehouse: each query aggregates there, parameters bound, a failing element named and the others drawn', async () => {
    const other = await server.createDatabase();
    const root = await project(other, {
      'dashboards/sales.yml': [
        'title: Sales',
        'parameters:',
        '  - {name: min_sales, type: number, default: 10}',
        'elements:',
        '  - name: by_region',
        '    query: |',
        "      select code, sales::float as sales from {{ ref('region_sales') }} where sales >= $min_sales order by code",
        '    spec: {mark: bar, encoding: {x: {field: code, type: nominal}, y: {field: sales, type: quantitative}}}',
        '  - name: duckdb_only',
        '    query: |',
        "      select code, count(*) as n from {{ ref('region_sales') }} group by all",
        '    spec: {mark: bar, encoding: {x: {field: code, type: nominal}, y: {field: n, type: quantitative}}}',
        '',
      ].join('\n'),
    });
    await buildOnWarehouse({ projectRoot: root });
    const preview = await previewDashboardOnWarehouse({ projectRoot: root, dashboard: 'sales', params: { min_sales: 15 } });
    const [byRegion, duckOnly] = preview.elements;
    expect(byRegion).toMatchObject({ error: null, rows: [{ code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }] });
    expect(byRegion?.columns).toEqual([{ name: 'code', type: 'VARCHAR' }, { name: 'sales', type: 'DOUBLE' }]);
    expect(duckOnly?.error).toMatch(/syntax error/);
    expect(preview.environment).toMatchObject({ env: 'main', branch: 'main' });
  });
});
