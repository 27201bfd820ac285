import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { readWarehouseCatalog } from '../../electron/core/warehouse/postgres/pg-catalog.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { diffOnWarehouse } from '../../electron/core/warehouse/postgres/pg-diff.js';
import { diffQueryOnWarehouse } from '../../electron/core/warehouse/postgres/pg-query-diff.js';
import { collectWarehouseGarbage } from '../../electron/core/warehouse/postgres/pg-gc.js';
import { lockKey } from '../../electron/core/warehouse/postgres/pg-names.js';
import { previewDashboardOnWarehouse } from '../../electron/core/warehouse/postgres/pg-dashboards.js';
import { runTestsOnWarehouse } from '../../electron/core/warehouse/postgres/pg-tests.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { profilesYml, startPostgres, type PostgresConnection, type PostgresServer } from '../helpers/postgres-server.js';
import { assay } from '../helpers/run-cli.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { SHOP_ON_WAREHOUSE } from '../helpers/warehouse-project.js';

const started = await startPostgres();
if (!started.ok) console.warn(`PostgreSQL warehouse tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

/** The shop project with every order's region known, and more tests. */
const PROJECT = {
  ...SHOP_ON_WAREHOUSE,
  'seeds/orders.csv': 'order_id,region,amount\n1,NE,10\n2,MW,20\n3,NE,5\n',
  'models/schema.yml': [
    'version: 2',
    'models:',
    '  - name: region_sales',
    '    columns:',
    '      - name: code',
    '        tests: [unique, not_null]',
    '      - name: sales',
    '        tests: [not_null]',
    '  - name: stg_orders',
    '    columns:',
    '      - name: region',
    '        tests:',
    "          - relationships: {to: \"ref('regions')\", field: code}",
    "          - accepted_values: {values: ['NE', 'MW']}",
    '',
  ].join('\n'),
  'tests/no_negative_sales.sql': "select * from {{ ref('region_sales') }} where sales < 0\n",
};

async function project(connection: PostgresConnection, extra: Record<string, string | null> = {}, profile: Partial<Parameters<typeof profilesYml>[0]> = {}): Promise<string> {
  const files: Record<string, string> = { ...PROJECT, 'profiles.yml': profilesYml({ profile: 'shop', connection, threads: 2, ...profile }) };
  for (const [file, text] of Object.entries(extra)) {
    if (text === null) delete files[file];
    else files[file] = text;
  }
  const root = await writeTempProject(files);
  await initCommittedRepo(root);
  return root;
}

async function rows(connection: PostgresConnection, sql: string): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ host: connection.host, port: connection.port, user: connection.user, password: connection.password, database: connection.database });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

async function openWarehouse(root: string) {
  const built = await buildOnWarehouse({ projectRoot: root });
  return { built, warehouse: await PgWarehouse.connect(built.target) };
}

describe.skipIf(!started.ok)('a project on a PostgreSQL target', () => {
  let db: PostgresConnection;
  beforeAll(async () => {
    db = await server.createDatabase();
  });

  it('builds an environment of views over store objects, is up to date when nothing changed, and a branch reuses what it did not change', async () => {
    const root = await project(db);
    const first = await buildOnWarehouse({ projectRoot: root });
    expect(first.summary.status).toBe('ok');
    expect(first.summary.nodes.filter((n) => typeof n.ms !== 'number').map((n) => n.node)).toEqual([]);
    expect(first.schemas).toEqual({ main: 'analytics__main' });
    expect(await rows(db, 'select code, sales::float as sales from analytics__main.region_sales order by code')).toEqual([
      { code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 },
    ]);
    const views = await rows(db, "select table_name from information_schema.views where table_schema = 'analytics__main' order by 1");
    expect(views.map((v) => v.table_name)).toEqual(['big_orders', 'orders', 'region_sales', 'regions', 'stg_orders']);

    const again = await buildOnWarehouse({ projectRoot: root });
    expect(again.summary.status).toBe('up-to-date');

    await checkoutNewBranch(root, 'feature/big');
    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 15\n");
    await commitAll(root, 'bigger orders only');
    const storeBefore = await rows(db, "select count(*)::int as n from pg_tables where schemaname = 'assay_store'");
    const branch = await buildOnWarehouse({ projectRoot: root });
    expect(branch.summary.env).toBe('feature~big');
    expect(branch.schemas).toEqual({ main: 'analytics__feature_big' });
    const status = Object.fromEntries(branch.summary.nodes.map((n) => [n.node, n.status]));
    expect(status).toEqual({ regions: 'reused', orders: 'reused', stg_orders: 'reused', region_sales: 'reused', big_orders: 'built' });
    // Reused results keep the row counts recorded when main wrote them.
    expect(branch.summary.nodes.find((n) => n.node === 'region_sales')?.rows).toBe(3);
    // One new table: nothing unchanged was copied.
    const storeAfter = await rows(db, "select count(*)::int as n from pg_tables where schemaname = 'assay_store'");
    expect(Number(storeAfter[0]?.n) - Number(storeBefore[0]?.n)).toBe(1);
    expect(await rows(db, 'select order_id::int from analytics__feature_big.big_orders')).toEqual([{ order_id: 2 }]);
    expect(await rows(db, 'select order_id::int from analytics__main.big_orders order by 1')).toEqual([{ order_id: 1 }, { order_id: 2 }]);

    const warehouse = await PgWarehouse.connect(branch.target);
    try {
      const diff = await diffOnWarehouse(warehouse, 'main', 'feature~big');
      const changed = diff.filter((d) => d.status !== 'unchanged');
      expect(changed).toEqual([expect.objectContaining({ node: 'big_orders', status: 'modified', change: 'direct', rowsBase: 2, rowsCompare: 1, onlyBase: 1, onlyCompare: 0 })]);

      const results = await runTestsOnWarehouse({ warehouse, compiled: branch.compiled, renderer: branch.renderer, entries: await readWarehouseCatalog(warehouse, 'feature~big'), schemaOf: branch.schemaOf, env: 'feature~big' });
      const byName = Object.fromEntries(results.map((r) => [`${r.kind}:${r.column ?? ''}`, r.status]));
      expect(byName).toMatchObject({ 'unique:code': 'pass', 'not_null:code': 'pass', 'not_null:sales': 'pass', 'relationships:region': 'pass', 'accepted_values:region': 'pass' });
      expect(results).toHaveLength(6);
      expect(results.every((r) => r.status === 'pass')).toBe(true);

      // The branch's old big_orders is read by no environment once main is rebuilt the same way.
      const gc = await collectWarehouseGarbage(warehouse, { dryRun: true });
      expect(gc.dropped).toEqual([]);
    } finally {
      await warehouse.close();
    }
  });

  it('computes every node again with --full-refresh, into new store objects, leaving the old ones to environments that read them', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    await buildOnWarehouse({ projectRoot: root });
    const refreshed = await buildOnWarehouse({ projectRoot: root, fullRefresh: true });
    expect(refreshed.summary.nodes.map((n) => n.status)).toEqual(['built', 'built', 'built', 'built', 'built']);
    expect(await rows(other, "select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'assay_store' and c.relkind in ('r', 'v')")).toEqual([{ n: 10 }]);
    expect(await rows(other, 'select count(*)::int as n from analytics__main.region_sales')).toEqual([{ n: 3 }]);
  });

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
      expect(results.find((r) => r.name === 'fewer_than_last_run')).toMatchObject({ status: 'error', message: expect.stringContaining('compare with previous_period or baseline_branch') });
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

  it('fails a model written in DuckDB-only SQL, naming the model and the target, and keeps the rest', async () => {
    const other = await server.createDatabase();
    const root = await project(other, { 'models/duck_only.sql': "select * exclude (amount) from {{ ref('stg_orders') }}\n" });
    const { summary } = await buildOnWarehouse({ projectRoot: root });
    expect(summary.status).toBe('failed');
    const failed = summary.nodes.find((n) => n.node === 'duck_only');
    expect(failed?.status).toBe('failed');
    expect(failed?.error).toMatch(/^model duck_only on target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\): syntax error/);
    expect(summary.nodes.find((n) => n.node === 'region_sales')?.status).toBe('built');
  });

  it('refuses a model name PostgreSQL would cut short, before running anything', async () => {
    const other = await server.createDatabase();
    const long = `orders_${'x'.repeat(60)}`;
    const root = await project(other, { [`models/${long}.sql`]: "select 1 as one\n" });
    const { summary } = await buildOnWarehouse({ projectRoot: root });
    const node = summary.nodes.find((n) => n.node === long);
    expect(node).toMatchObject({ status: 'failed', error: expect.stringMatching(new RegExp(`^model ${long} on target 'pg'.*67 bytes long; PostgreSQL names are at most 63 bytes`)) });
  });

  it('leaves the environment as it was when the server drops the connection mid-build', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    expect((await buildOnWarehouse({ projectRoot: root })).summary.status).toBe('ok');
    await writeFile(path.join(root, 'models/region_sales.sql'), "select code, name, 0 as sales, pg_sleep(30)::text as slept from {{ ref('regions') }}\n");
    const building = buildOnWarehouse({ projectRoot: root });
    await waitFor(async () => (await server.adminQuery<{ n: string }>("select count(*) as n from pg_stat_activity where query like '%pg_sleep(30)%' and pid <> pg_backend_pid()", [], other.database))[0]?.n !== '0');
    await server.terminateConnections(other.database);
    const outcome = await building.then((b) => b.summary, (err: Error) => err);
    if (outcome instanceof Error) expect(outcome.message).toMatch(/target 'pg'/);
    else expect(outcome.nodes.find((n) => n.node === 'region_sales')).toMatchObject({ status: 'failed', error: expect.stringMatching(/target 'pg'.*terminat/i) });
    expect(await rows(other, 'select code, sales::float as sales from analytics__main.region_sales order by code')).toEqual([
      { code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 },
    ]);
  });

  it('cancels the server\'s query when the build is cancelled, and publishes nothing', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    expect((await buildOnWarehouse({ projectRoot: root })).summary.status).toBe('ok');
    await writeFile(path.join(root, 'models/region_sales.sql'), "select code, name, 0 as sales, pg_sleep(600)::text as slept from {{ ref('regions') }}\n");
    const controller = new AbortController();
    const building = buildOnWarehouse({ projectRoot: root, signal: controller.signal });
    const sleeping = async () => (await server.adminQuery<{ n: string }>("select count(*) as n from pg_stat_activity where query like '%pg_sleep(600)%' and state = 'active' and pid <> pg_backend_pid()", [], other.database))[0]?.n !== '0';
    await waitFor(sleeping);
    controller.abort();
    const { summary } = await building;
    expect(summary.status).toBe('cancelled');
    expect(await sleeping()).toBe(false);
    expect(await rows(other, 'select code, sales::float as sales from analytics__main.region_sales order by code')).toEqual([
      { code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 },
    ]);
  });

  it('refuses to publish a branch whose schema name another branch\'s environment already has', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    await checkoutNewBranch(root, 'feature/x');
    expect((await buildOnWarehouse({ projectRoot: root })).schemas).toEqual({ main: 'analytics__feature_x' });
    await checkoutNewBranch(root, 'feature-x');
    await expect(buildOnWarehouse({ projectRoot: root })).rejects.toThrow(/schema analytics__feature_x already belongs to the environment 'feature~x'/);
    expect(await rows(other, 'select count(*)::int as n from analytics__feature_x.region_sales')).toEqual([{ n: 3 }]);
  });

  it('publishes while a reader holds the old environment, which gc drops once the reader is done', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    await buildOnWarehouse({ projectRoot: root });
    const reader = new pg.Client({ host: other.host, port: other.port, user: other.user, password: other.password, database: other.database });
    await reader.connect();
    try {
      await reader.query('BEGIN');
      expect((await reader.query('select count(*)::int as n from analytics__main.big_orders')).rows).toEqual([{ n: 2 }]);
      await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 15\n");
      const rebuilt = await buildOnWarehouse({ projectRoot: root });
      expect(rebuilt.summary.status).toBe('ok');
      expect(rebuilt.summary.errors).toEqual([expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/previous schemas \(assay_retired_\w+\) were not dropped.*assay gc --target pg drops them/) })]);
      expect(await rows(other, 'select count(*)::int as n from analytics__main.big_orders')).toEqual([{ n: 1 }]);
    } finally {
      await reader.end();
    }
    const warehouse = await PgWarehouse.connect((await buildOnWarehouse({ projectRoot: root })).target);
    try {
      expect((await collectWarehouseGarbage(warehouse)).schemas).toEqual([expect.stringMatching(/^assay_retired_/)]);
      expect(await rows(other, "select count(*)::int as n from pg_namespace where nspname like 'assay_retired_%'")).toEqual([{ n: 0 }]);
    } finally {
      await warehouse.close();
    }
  });

  it('cancels a statement that runs past the target statement_timeout, naming the target', async () => {
    const other = await server.createDatabase();
    const root = await project(other, { 'models/slow.sql': 'select pg_sleep(5)::text as slept\n', 'profiles.yml': `${profilesYml({ profile: 'shop', connection: other })}      statement_timeout: 300\n` });
    const { summary } = await buildOnWarehouse({ projectRoot: root });
    expect(summary.nodes.find((n) => n.node === 'slow')).toMatchObject({ status: 'failed', error: expect.stringMatching(/^model slow on target 'pg'.*statement timeout/) });
  });

  it('refuses a second build of the same environment while one holds it', async () => {
    const other = await server.createDatabase();
    const root = await project(other);
    const holder = new pg.Client({ host: other.host, port: other.port, user: other.user, password: other.password, database: other.database });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [lockKey('assay:env:main')]);
      await expect(buildOnWarehouse({ projectRoot: root })).rejects.toThrow(/target 'pg'.*environment 'main' is being built by another Assay process/);
    } finally {
      await holder.end();
    }
    expect((await buildOnWarehouse({ projectRoot: root })).summary.status).toBe('ok');
  });

  it('lets one of two processes building the same branch at once build it, and refuses the other', async () => {
    const other = await server.createDatabase();
    // The build that takes the lock holds it for five seconds: far longer than the other process needs to start.
    const root = await project(other, { 'models/slow.sql': 'select pg_sleep(5)::text as slept\n' });
    const cli = (args: string[]) => assay(['build', '-p', root, ...args]);
    const [first, second] = await Promise.all([cli([]), cli([])]);
    const outcomes = [first, second].map((r) => r.code).sort();
    expect(outcomes).toEqual([0, 2]);
    const refused = first.code === 2 ? first : second;
    expect(refused.stderr).toMatch(/target 'pg'.*environment 'main' is being built by another Assay process/);
    expect(await rows(other, 'select count(*)::int as n from analytics__main.slow')).toEqual([{ n: 1 }]);
  });

  it('says which target refused: a wrong password, a closed port, a user who may not create schemas', async () => {
    const other = await server.createDatabase();
    const wrong = await project(other, {}, { password: 'not-the-password' });
    await expect(buildOnWarehouse({ projectRoot: wrong })).rejects.toThrow(/target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\): cannot connect: password authentication failed for user "assay"/);
    const closed = await project({ ...other, port: 1 });
    await expect(buildOnWarehouse({ projectRoot: closed })).rejects.toThrow(/target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect: .*ECONNREFUSED.*is the server running/);
    const limited = await project(other, {}, { user: server.limitedUser, password: server.limitedPassword });
    await expect(buildOnWarehouse({ projectRoot: limited })).rejects.toThrow(/target 'pg' \(postgres:\/\/assay_limited@.*permission denied for database.*needs CREATE on the database/);
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

  it('enforces a contract on the warehouse: types checked before running, constraints before the result exists', async () => {
    const other = await server.createDatabase();
    const contract = (type: string) => [
      'version: 2',
      'models:',
      '  - name: region_sales',
      '    config: {contract: {enforced: true}}',
      '    columns:',
      `      - {name: code, data_type: ${type}, constraints: [{type: primary_key}]}`,
      '      - {name: name, data_type: text}',
      '      - {name: sales, data_type: numeric, constraints: [{type: check, expression: "sales < 20"}]}',
      '',
    ].join('\n');
    const root = await project(other, { 'models/schema.yml': contract('integer') });
    const typed = await buildOnWarehouse({ projectRoot: root });
    expect(typed.summary.nodes.find((n) => n.node === 'region_sales')?.error).toMatch(/region_sales has an enforced contract that failed[\s\S]*\| code +\| VARCHAR +\| INTEGER +\| data type mismatch/);
    await writeFile(path.join(root, 'models/schema.yml'), contract('varchar'));
    const broken = await buildOnWarehouse({ projectRoot: root });
    expect(broken.summary.nodes.find((n) => n.node === 'region_sales')?.error).toMatch(/region_sales breaks a constraint of its contract:\n  constraint check on sales \(sales < 20\) \(models\/schema.yml:8\): 1 row fails it/);
    const made = await rows(other, "select count(*)::int as n from pg_tables where schemaname = 'assay_store' and tablename like '%region_sales'");
    expect(made).toEqual([{ n: 0 }]);
    // A check that cannot run (a column the model does not have) is named; the checks after it still run in the same transaction.
    await writeFile(path.join(root, 'models/schema.yml'), contract('varchar').replace('sales < 20', 'salez < 20'));
    expect((await buildOnWarehouse({ projectRoot: root })).summary.nodes.find((n) => n.node === 'region_sales')?.error).toMatch(/region_sales: constraint check on sales \(salez < 20\) \(models\/schema.yml:8\) cannot be checked: column "salez" does not exist/);
    await writeFile(path.join(root, 'models/schema.yml'), contract('varchar').replace('sales < 20', 'sales <= 20'));
    expect((await buildOnWarehouse({ projectRoot: root })).summary.status).toBe('ok');
  });

  it('takes snapshots on the warehouse: each change a new version grown from the last, what reads it reading the newest', async () => {
    const other = await server.createDatabase();
    const root = await project(other, {
      'snapshots/orders.sql': "{% snapshot orders_snapshot %}\n{{ config(target_schema='snapshots', unique_key='order_id', strategy='check', check_cols=['amount']) }}\nselect order_id, region, amount from {{ ref('orders') }}\n{% endsnapshot %}\n",
      'models/open_orders.sql': "select order_id, amount from {{ ref('orders_snapshot') }} where dbt_valid_to is null\n",
    });
    const first = await buildOnWarehouse({ projectRoot: root });
    expect(first.schemas).toMatchObject({ snapshots: 'snapshots__main' });
    expect(first.summary.nodes.find((n) => n.node === 'orders_snapshot')).toMatchObject({ status: 'built', rows: 3 });
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,MW,25\n3,NE,5\n');
    const second = await buildOnWarehouse({ projectRoot: root });
    expect(second.summary.nodes.find((n) => n.node === 'orders_snapshot')).toMatchObject({ status: 'built', rows: 4 });
    expect(await rows(other, 'select order_id::int as id, amount::float as amount, dbt_valid_to is null as open from snapshots__main.orders_snapshot where order_id = 2 order by dbt_valid_from')).toEqual([
      { id: 2, amount: 20, open: false }, { id: 2, amount: 25, open: true },
    ]);
    expect(await rows(other, 'select amount::float as amount from analytics__main.open_orders where order_id = 2')).toEqual([{ amount: 25 }]);
    // Nothing changed: the version is kept; --full-refresh leaves the history alone.
    expect((await buildOnWarehouse({ projectRoot: root })).summary.status).toBe('up-to-date');
    const refreshed = await buildOnWarehouse({ projectRoot: root, fullRefresh: true });
    expect(await rows(other, 'select count(*)::int as n from snapshots__main.orders_snapshot')).toEqual([{ n: 4 }]);
    expect(refreshed.summary.status).toBe('ok');
    // A branch's first build grows its snapshot from main's version, not from nothing.
    await commitAll(root, 'orders as they are now');
    await checkoutNewBranch(root, 'feature/snap');
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,MW,25\n3,NE,6\n');
    await commitAll(root, 'order 3 changed');
    expect((await buildOnWarehouse({ projectRoot: root })).summary.nodes.find((n) => n.node === 'orders_snapshot')).toMatchObject({ status: 'built', rows: 5 });
  });

  it('grows an incremental model into a new store object and gc drops what no environment reads', async () => {
    const other = await server.createDatabase();
    const root = await project(other, {
      'models/orders_log.sql': "{{ config(materialized='incremental', unique_key='order_id') }}\nselect order_id, amount from {{ ref('orders') }}\n{% if is_incremental() %}where order_id > (select max(order_id) from {{ this }}){% endif %}\n",
      'models/orders_log_total.sql': "select sum(amount) as total from {{ ref('orders_log') }}\n",
    });
    await buildOnWarehouse({ projectRoot: root });
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,MW,20\n3,NE,5\n4,MW,7\n');
    const grown = await buildOnWarehouse({ projectRoot: root });
    expect(grown.summary.nodes.find((n) => n.node === 'orders_log')).toMatchObject({ status: 'built', rows: 4 });
    // What reads the grown model reads the grown object.
    expect(grown.summary.nodes.find((n) => n.node === 'orders_log_total')).toMatchObject({ status: 'built' });
    expect(await rows(other, 'select total::int as total from analytics__main.orders_log_total')).toEqual([{ total: 42 }]);
    expect(await rows(other, 'select order_id::int from analytics__main.orders_log order by 1')).toEqual([{ order_id: 1 }, { order_id: 2 }, { order_id: 3 }, { order_id: 4 }]);
    const warehouse = await PgWarehouse.connect(grown.target);
    try {
      const gc = await collectWarehouseGarbage(warehouse);
      // The first build's seed, its orders_log and everything downstream of orders that changed.
      expect(gc.dropped.some((name) => name.endsWith('_orders_log'))).toBe(true);
      expect(gc.dropped.some((name) => name.endsWith('_orders'))).toBe(true);
      expect(await rows(other, 'select count(*)::int as n from analytics__main.orders_log')).toEqual([{ n: 4 }]);

      // A view someone made over a store object no environment reads keeps it (and itself): gc says so.
      const first = (await rows(other, "select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'assay_store' and c.relname like '%_region_sales' and c.relkind = 'r' order by 1 limit 1"))[0]?.name as string;
      await rows(other, `create view public.kept_sales as select * from assay_store."${first}"`);
      await writeFile(path.join(root, 'models/region_sales.sql'), "select code, name, 1 as sales from {{ ref('regions') }}\n");
      await buildOnWarehouse({ projectRoot: root });
      const again = await collectWarehouseGarbage(warehouse);
      expect(again.held).toEqual([{ name: first, readBy: 'public.kept_sales' }]);
      expect(await rows(other, 'select count(*)::int as n from public.kept_sales')).toEqual([{ n: 3 }]);
    } finally {
      await warehouse.close();
    }
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never held');
}

describe.skipIf(!started.ok)('assay on a PostgreSQL target, from the command line', () => {
  it('builds, tests, diffs and collects garbage with --target, exit codes as on DuckDB', async () => {
    const db = await server.createDatabase();
    const root = await project(db, {}, { defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' } }, passwordEnv: true });
    process.env.ASSAY_PG_PASSWORD = db.password;
    const build = await assay(['build', '-p', root, '--target', 'pg']);
    expect(build.stderr).toMatch(/main on pg \(analytics__main\): ok \(5 built, 0 reused, 0 failed, 0 skipped\)/);
    expect(build.code).toBe(0);
    const test = await assay(['test', '-p', root, '--target', 'pg']);
    expect(test.stdout).toMatch(/6 tests: 6 passed, 0 warned, 0 failed, 0 errors/);
    expect(test.code).toBe(0);
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,ZZ,20\n');
    const failing = await assay(['test', '-p', root, '--target', 'pg']);
    expect(failing.stdout).toMatch(/FAIL  relationships region on stg_orders: 1 failing row/);
    expect(failing.code).toBe(1);
    const diff = await assay(['diff', 'main', 'main', '-p', root, '--target', 'pg']);
    expect(diff.stdout).toMatch(/main → main: 0 model\(s\) differ/);
    await mkdir(path.join(root, 'dashboards'));
    await writeFile(path.join(root, 'dashboards/sales.yml'), "title: Sales\nelements:\n  - name: by_region\n    query: select code, sales::float as sales from {{ ref('region_sales') }} order by code\n    spec: {mark: bar, encoding: {x: {field: code, type: nominal}, y: {field: sales, type: quantitative}}}\n");
    const preview = await assay(['dashboard', 'preview', 'sales', '-p', root, '--target', 'pg', '--json']);
    expect(JSON.parse(preview.stdout).elements[0].rows).toEqual([{ code: 'MW', sales: 0 }, { code: 'NE', sales: 10 }, { code: 'SW', sales: 0 }]);
    const gc = await assay(['gc', '-p', root, '--target', 'pg']);
    expect(gc.stdout).toMatch(/dropped \d+ store object\(s\) on target 'pg'/);
    // Without --target the profile's default (DuckDB) is used, and says nothing of the warehouse.
    const local = await assay(['build', '-p', root]);
    expect(local.code).toBe(0);
    expect(local.stderr).not.toMatch(/on pg/);
    const refused = await assay(['build', '-p', root, '--target', 'pg', '--select', 'big_orders']);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--select is not available on PostgreSQL targets yet') });
  });
});
