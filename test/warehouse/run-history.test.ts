import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import type { PostgresConnection } from '../helpers/postgres-server.js';
import { readWarehouseCatalog } from '../../electron/core/warehouse/postgres/pg-catalog.js';
import { runTestsOnWarehouse } from '../../electron/core/warehouse/postgres/pg-tests.js';
import { openWarehouse, project, rows, server, started } from './shop-on-postgres.js';

/**
 * Tests that read earlier runs (`compare_to: previous_run`, anomaly tests without a
 * timestamp_column) and schema tests, on a PostgreSQL target: the run history lives on the server,
 * in assay_meta.test_runs, shared by everyone testing the same environment there.
 */

/**
 * A view over a table someone else loads on the warehouse (each run may see other rows under the
 * same view), with tests that compare runs; and a per-run anomaly test on a table the build wrote.
 */
const DELIVERIES = {
  'models/deliveries.sql': "{{ config(materialized='view') }}\nselect * from raw.deliveries\n",
  'models/deliveries.yml': [
    'version: 2',
    'models:',
    '  - name: deliveries',
    '    tests:',
    '      - variation: {name: deliveries_since_last_run, metric: count(*), compare_to: previous_run, error_pct: 20}',
    '      - volume_anomalies: {name: deliveries_volume, min_training_points: 3}',
    '  - name: big_orders',
    '    tests:',
    '      - volume_anomalies: {name: big_orders_volume, min_training_points: 1}',
    '',
  ].join('\n'),
};

async function deliveries(connection: PostgresConnection, count: number): Promise<void> {
  await rows(connection, 'create schema if not exists raw; create table if not exists raw.deliveries (delivery_id int, amount numeric(12, 2))');
  await rows(connection, `truncate raw.deliveries; insert into raw.deliveries select i, i * 1.5 from generate_series(1, ${count}) as i`);
}

/** One member of the team: a checkout of the project on the server, building and testing its `main`. */
async function member(connection: PostgresConnection, extra: Record<string, string> = DELIVERIES) {
  const root = await project(connection, extra);
  const { built, warehouse } = await openWarehouse(root);
  const test = async (options: { onResult?: (r: TestResult) => void } = {}) => {
    const results = await runTestsOnWarehouse({ warehouse, compiled: built.compiled, renderer: built.renderer, entries: await readWarehouseCatalog(warehouse, 'main'), schemaOf: built.schemaOf, env: built.summary.env, ...options });
    return Object.assign((name: string) => results.find((r) => r.name === name) as TestResult, { all: results });
  };
  return { root, test, close: () => warehouse.close() };
}

describe.skipIf(!started.ok)('the run history of a PostgreSQL target', () => {
  it('compares a previous_run variation with the last run: the first has no baseline, a move beyond the threshold fails', async () => {
    const db = await server.createDatabase();
    await deliveries(db, 10);
    const me = await member(db);
    try {
      expect((await me.test())('deliveries_since_last_run')).toMatchObject({ status: 'skipped', observed: 10, baseline: null });
      await deliveries(db, 11);
      expect((await me.test())('deliveries_since_last_run')).toMatchObject({ status: 'pass', observed: 11, baseline: 10, delta_pct: 10 });
      await deliveries(db, 15);
      const third = await me.test();
      expect(third('deliveries_since_last_run')).toMatchObject({ status: 'fail', observed: 15, baseline: 11, threshold: expect.stringContaining('vs previous_run') });
      // Every run is remembered on the server, with the environment's branch and commit.
      const runs = await rows(db, 'select env, branch, commit, jsonb_array_length(tests) as tests from assay_meta.test_runs order by seq');
      expect(runs).toHaveLength(3);
      expect(runs[2]).toMatchObject({ env: 'main', branch: 'main', commit: expect.stringMatching(/^[0-9a-f]{40}$/), tests: third.all.length });
    } finally {
      await me.close();
    }
  });

  it('learns a per-run anomaly test over the runs: skipped until it has enough earlier runs, then a spike fails', async () => {
    const db = await server.createDatabase();
    await deliveries(db, 10);
    const me = await member(db);
    try {
      const volumes: TestResult[] = [];
      let bigOrders: TestResult | undefined;
      for (const count of [10, 11, 10, 11, 40]) {
        await deliveries(db, count);
        const result = await me.test();
        volumes.push(result('deliveries_volume'));
        bigOrders = result('big_orders_volume');
      }
      expect(volumes.slice(0, 3).map((r) => r.status)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(volumes[2]?.message).toMatch(/too little history: 2 training points \(earlier runs/);
      expect(volumes[3]).toMatchObject({ status: 'pass', observed: 11 });
      expect(volumes[4]).toMatchObject({ status: 'fail', observed: 40, baseline: 10.5 });
      expect(volumes[4]?.anomaly?.points.filter((p) => p.role === 'training').map((p) => p.value)).toEqual([10, 11, 10, 11]);
      expect(volumes[4]?.anomaly?.settings.mode).toBe('run');
      // A table the build wrote is the same data until it is built again: testing it again adds no point.
      expect(bigOrders).toMatchObject({ status: 'skipped', message: expect.stringMatching(/too little history: 0 training points/) });
    } finally {
      await me.close();
    }
  });

  it('shares the history between two checkouts testing the same environment of one server', async () => {
    const db = await server.createDatabase();
    await deliveries(db, 10);
    const alice = await member(db);
    const bob = await member(db);
    try {
      expect((await alice.test())('deliveries_since_last_run')).toMatchObject({ status: 'skipped', observed: 10 });
      await deliveries(db, 6);
      // Bob never ran the tests in his checkout: his baseline is Alice's run.
      expect((await bob.test())('deliveries_since_last_run')).toMatchObject({ status: 'fail', observed: 6, baseline: 10, delta_pct: -40 });
      await deliveries(db, 6);
      expect((await alice.test())('deliveries_since_last_run')).toMatchObject({ status: 'pass', observed: 6, baseline: 6 });
    } finally {
      await alice.close();
      await bob.close();
    }
  });

  it('runs schema tests on the columns and types PostgreSQL reports, in its names or DuckDB\'s', async () => {
    const db = await server.createDatabase();
    const me = await member(db, {
      'models/shape.yml': [
        'version: 2',
        'models:',
        '  - name: region_sales',
        '    tests:',
        '      - schema: {name: as_expected, columns: {code: text, name: VARCHAR, sales: numeric}}',
        '      - schema: {name: names_only, columns: [code, {name: sales, type: DECIMAL}]}',
        '      - schema: {name: lost_a_column, columns: {code: text, region: text}}',
        '      - schema: {name: retyped, columns: {code: integer, sales: numeric}}',
        '  - name: stg_orders',
        '    tests:',
        '      - schema: {name: seed_types, columns: {order_id: BIGINT, amount: numeric, region: text}, severity: warn}',
        '      - schema: {name: no_columns}',
        '',
      ].join('\n'),
    });
    try {
      const result = await me.test();
      expect(result('as_expected')).toMatchObject({ status: 'pass', observed: 0, threshold: '3 expected columns' });
      expect(result('names_only')).toMatchObject({ status: 'pass' });
      expect(result('lost_a_column')).toMatchObject({ status: 'fail', observed: 1, message: 'missing column region' });
      expect(result('retyped')).toMatchObject({ status: 'fail', message: 'code is text (VARCHAR), expected integer' });
      expect(result('seed_types')).toMatchObject({ status: 'pass' });
      expect(result('no_columns')).toMatchObject({ status: 'error', message: expect.stringMatching(/^schema needs columns:/) });
    } finally {
      await me.close();
    }
  });

  it('renders a SQL test that asks the database with the warehouse answering, and says why dbt unit tests do not run there', async () => {
    const db = await server.createDatabase();
    const me = await member(db, {
      'macros/has_column.sql': [
        '{% test has_column(model, column) %}',
        '{% if execute %}',
        "  {% set names = adapter.get_columns_in_relation(model) | map(attribute='name') | list %}",
        '  select 1 as missing where {{ "false" if column in names else "true" }}',
        '{% else %}',
        '  select 1 as missing where false',
        '{% endif %}',
        '{% endtest %}',
        '',
      ].join('\n'),
      'models/checks.yml': [
        'version: 2',
        'models:',
        '  - name: big_orders',
        '    tests:',
        '      - has_column: {name: has_amount, column: amount}',
        '      - has_column: {name: has_discount, column: discount}',
        'unit_tests:',
        '  - name: keeps_big_orders',
        '    model: big_orders',
        '    given: [{input: "ref(\'stg_orders\')", rows: [{order_id: 1, region: NE, amount: 20}]}]',
        '    expect: {rows: [{order_id: 1}]}',
        '',
      ].join('\n'),
    });
    try {
      const result = await me.test();
      expect(result('has_amount')).toMatchObject({ status: 'pass' });
      expect(result('has_discount')).toMatchObject({ status: 'fail', failing_rows: 1 });
      expect(result.all.find((r) => r.kind === 'unit_test')).toMatchObject({ status: 'error', message: expect.stringMatching(/keeps_big_orders: dbt unit tests run in memory on DuckDB, not on a warehouse target/) });
    } finally {
      await me.close();
    }
  });

  it('reads past rows that are not test runs, and makes the table again when it was dropped', async () => {
    const db = await server.createDatabase();
    await deliveries(db, 10);
    const me = await member(db);
    try {
      const id = (await me.test())('deliveries_since_last_run').id;
      // Rows the history cannot read: not a list, a list of no outcomes, an outcome whose points are not points.
      await rows(db, `insert into assay_meta.test_runs (env, at, tests) values
        ('main', now(), '"torn"'), ('main', now(), '[42, null, {"id": 7}]'),
        ('main', now(), '[{"id": "${id}", "status": "pass", "observed": 1000, "points": "nope"}]')`);
      expect((await me.test())('deliveries_since_last_run')).toMatchObject({ status: 'pass', observed: 10, baseline: 10 });

      // A server whose history was dropped (or set up by an earlier Assay) gets the table back, and starts over.
      await rows(db, 'drop table assay_meta.test_runs');
      expect((await me.test())('deliveries_since_last_run')).toMatchObject({ status: 'skipped', baseline: null });
      expect(await rows(db, 'select count(*)::int as n from assay_meta.test_runs')).toEqual([{ n: 1 }]);
    } finally {
      await me.close();
    }
  });

  it('says so, naming the table, when the run cannot be recorded or the history cannot be read', async () => {
    const db = await server.createDatabase();
    await deliveries(db, 10);
    const me = await member(db);
    try {
      await me.test();
      // A member who may read the history but not add to it: the results were passed on, the run is refused.
      await server.adminQuery('revoke insert on assay_meta.test_runs from assay', [], db.database);
      const passedOn: TestResult[] = [];
      await expect(me.test({ onResult: (r) => passedOn.push(r) })).rejects.toThrow(/^target 'pg' .*: the run was not recorded in "assay_meta"\."test_runs" .*: permission denied for table test_runs/);
      expect(passedOn.find((r) => r.name === 'deliveries_since_last_run')).toMatchObject({ status: 'pass', baseline: 10 });
      await rows(db, 'drop table assay_meta.test_runs');

      // A table of that name that is not Assay's: the tests that read it say why, and the run is not recorded.
      await rows(db, 'create table assay_meta.test_runs (note text)');
      const results: TestResult[] = [];
      await expect(me.test({ onResult: (r) => results.push(r) })).rejects.toThrow(/the run was not recorded .*column "env" of relation "test_runs" does not exist/);
      expect(results.find((r) => r.name === 'deliveries_since_last_run')).toMatchObject({ status: 'error', message: expect.stringMatching(/cannot read the run history "assay_meta"\."test_runs": column "at" does not exist/) });
      expect(results.find((r) => r.name === 'deliveries_volume')).toMatchObject({ status: 'error', message: expect.stringMatching(/cannot read the run history/) });
    } finally {
      await me.close();
    }
  });
});
