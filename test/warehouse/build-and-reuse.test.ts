import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { readWarehouseCatalog } from '../../electron/core/warehouse/postgres/pg-catalog.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { diffOnWarehouse } from '../../electron/core/warehouse/postgres/pg-diff.js';
import { collectWarehouseGarbage } from '../../electron/core/warehouse/postgres/pg-gc.js';
import { runTestsOnWarehouse } from '../../electron/core/warehouse/postgres/pg-tests.js';
import { checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { project, rows, server, started } from './shop-on-postgres.js';

/** Environments on the warehouse: built from store objects, reused by branches, grown, versioned, checked, collected. */
describe.skipIf(!started.ok)('building on a PostgreSQL target', () => {
  it('builds an environment of views over store objects, is up to date when nothing changed, and a branch reuses what it did not change', async () => {
    const db = await server.createDatabase();
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
