import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { diffReportOnWarehouse } from '../../electron/core/warehouse/postgres/pg-diff-report.js';
import { buildWarehouseBranch, diffWarehouseBranches } from '../../electron/core/warehouse/warehouse-runs.js';
import { checkoutBranch, checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { project, rows, server, started } from './shop-on-postgres.js';

const statuses = (summary: { nodes: { node: string; status: string }[] }) => Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]));
const salesOf = async (db: Parameters<typeof rows>[0], schema: string) => rows(db, `select code, sales::float as sales from ${schema}.region_sales order by code`);

/** `--select`/`--exclude`/`--empty` builds and key-based diffs on a PostgreSQL target, with the meaning they have on DuckDB. */
describe.skipIf(!started.ok)('selective builds and key diffs on a PostgreSQL target', () => {
  it('builds only what is selected; what is left out keeps what the environment had, and --exclude leaves out', async () => {
    const db = await server.createDatabase();
    const root = await project(db);
    await buildOnWarehouse({ projectRoot: root });
    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 15\n");
    await writeFile(path.join(root, 'models/region_sales.sql'), "select r.code, r.name, coalesce(sum(o.amount), 0) * 2 as sales\nfrom {{ ref('regions') }} as r left join {{ ref('stg_orders') }} as o on o.region = r.code\ngroup by r.code, r.name\n");

    const selected = await buildOnWarehouse({ projectRoot: root, select: ['big_orders'] });
    expect(selected.summary.status).toBe('ok');
    expect(statuses(selected.summary)).toEqual({ regions: 'reused', orders: 'reused', stg_orders: 'reused', region_sales: 'carried', big_orders: 'built' });
    expect(await rows(db, 'select order_id::int as id from analytics__main.big_orders')).toEqual([{ id: 2 }]);
    // Left out: the environment still has it, as it was.
    expect(await salesOf(db, 'analytics__main')).toEqual([{ code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 }]);
    const views = await rows(db, "select table_name from information_schema.views where table_schema = 'analytics__main' order by 1");
    expect(views.map((v) => v.table_name)).toEqual(['big_orders', 'orders', 'region_sales', 'regions', 'stg_orders']);

    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 20\n");
    const excluded = await buildOnWarehouse({ projectRoot: root, exclude: ['big_orders'] });
    expect(statuses(excluded.summary)).toMatchObject({ region_sales: 'built', big_orders: 'carried' });
    expect(await salesOf(db, 'analytics__main')).toEqual([{ code: 'MW', sales: 40 }, { code: 'NE', sales: 30 }, { code: 'SW', sales: 0 }]);
    expect(await rows(db, 'select order_id::int as id from analytics__main.big_orders')).toEqual([{ id: 2 }]);
    // Nothing left out is up to date: the next whole build builds it.
    expect(statuses((await buildOnWarehouse({ projectRoot: root })).summary)).toMatchObject({ region_sales: 'reused', big_orders: 'built' });

    await expect(buildOnWarehouse({ projectRoot: root, select: ['nope'] })).rejects.toThrow("--select 'nope' matches no node");
    await expect(buildOnWarehouse({ projectRoot: root, exclude: ['tag:none'] })).rejects.toThrow("--exclude 'tag:none' matches no node");
  });

  it("keeps a branch's first selective build on the base's results, and stores what it built over them apart from the real thing", async () => {
    const db = await server.createDatabase();
    const root = await project(db);
    await buildOnWarehouse({ projectRoot: root });
    await checkoutNewBranch(root, 'feature/sel');
    await writeFile(path.join(root, 'models/stg_orders.sql'), "{{ config(materialized='view') }}\nselect order_id, region, amount * 10.0 as amount from {{ ref('orders') }}\n");
    await commitAll(root, 'amounts times ten');
    const first = await buildOnWarehouse({ projectRoot: root, select: ['region_sales'] });
    expect(statuses(first.summary)).toEqual({ regions: 'reused', orders: 'reused', stg_orders: 'carried', region_sales: 'built', big_orders: 'carried' });
    // region_sales read main's stg_orders, which the branch did not select.
    expect(await salesOf(db, 'analytics__feature_sel')).toEqual([{ code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 }]);
    // Built over a result that is not its upstream's fingerprint: the whole build does not take it for the real one.
    const whole = await buildOnWarehouse({ projectRoot: root });
    expect(statuses(whole.summary)).toEqual({ regions: 'reused', orders: 'reused', stg_orders: 'built', region_sales: 'built', big_orders: 'built' });
    expect(await salesOf(db, 'analytics__feature_sel')).toEqual([{ code: 'MW', sales: 200 }, { code: 'NE', sales: 150 }, { code: 'SW', sales: 0 }]);
    expect(await salesOf(db, 'analytics__main')).toEqual([{ code: 'MW', sales: 20 }, { code: 'NE', sales: 15 }, { code: 'SW', sales: 0 }]);
  });

  it('fails a selected node that reads what was neither selected nor ever built, naming both; what is left out is not a failure', async () => {
    const db = await server.createDatabase();
    const root = await project(db);
    const built = await buildWarehouseBranch({ projectRoot: root, target: 'pg', select: ['+stg_orders'] });
    expect(built.summary.status).toBe('ok');
    expect(statuses(built.summary)).toEqual({ regions: 'skipped', orders: 'built', stg_orders: 'built', region_sales: 'skipped', big_orders: 'skipped' });
    expect(built.summary.nodes.find((n) => n.node === 'regions')?.error).toBe('not selected, and not built before');
    expect(await rows(db, "select table_name from information_schema.views where table_schema = 'analytics__main' order by 1")).toEqual([{ table_name: 'orders' }, { table_name: 'stg_orders' }]);
    const missing = await buildOnWarehouse({ projectRoot: root, select: ['region_sales'] });
    expect(missing.summary.status).toBe('failed');
    expect(missing.summary.nodes.find((n) => n.node === 'region_sales')?.error).toBe("model region_sales reads regions, which is not selected and has never been built in the environment 'main': select it too (--select +region_sales)");
  });

  it('diffs two environments by key on the server: added, removed and changed rows, changed columns, a tolerance', async () => {
    const db = await server.createDatabase();
    const root = await project(db, { 'seeds/orders.csv': 'order_id,region,amount\n1,NE,10.0\n2,MW,20.0\n3,NE,5.0\n4,MW,7.0\n' });
    await buildOnWarehouse({ projectRoot: root });
    await checkoutNewBranch(root, 'feature/k');
    // 1 unchanged, 2 changed a lot, 3 removed, 4 changed by 0.001, 5 added.
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10.0\n2,MW,25.0\n4,MW,7.001\n5,NE,1.0\n');
    await commitAll(root, 'orders change');
    await buildOnWarehouse({ projectRoot: root });
    const warehouse = await PgWarehouse.connect((await buildOnWarehouse({ projectRoot: root })).target);
    try {
      const diff = (options: { primaryKey?: string[]; tolerance?: number }) => diffReportOnWarehouse(warehouse, 'main', 'feature~k', { baseRef: 'main', compareRef: 'feature/k', ...options });
      const exact = (await diff({ primaryKey: ['order_id'] })).models.find((m) => m.name === 'stg_orders');
      expect(exact).toMatchObject({
        status: 'modified', primary_key: ['order_id'], key_note: null,
        rows: { base: 4, compare: 4, added: 1, removed: 1, changed: 2, unchanged: 1 },
        columns: { amount: { changed: 2, match_pct: 33.33 }, region: { changed: 0, match_pct: 100 }, order_id: { changed: 0 } },
      });
      expect(exact?.samples.added).toEqual([{ order_id: 5, region: 'NE', amount: 1 }]);
      expect(exact?.samples.removed).toEqual([{ order_id: 3, region: 'NE', amount: 5 }]);
      expect(exact?.samples.changed.map((s) => [s.key, s.changed])).toEqual(expect.arrayContaining([[{ order_id: 2 }, ['amount']], [{ order_id: 4 }, ['amount']]]));
      const tolerant = (await diff({ primaryKey: ['order_id'], tolerance: 0.01 })).models.find((m) => m.name === 'stg_orders');
      expect(tolerant?.rows).toMatchObject({ added: 1, removed: 1, changed: 1, unchanged: 2 });

      // A key column one environment lacks, and a key that is not unique: rows compared whole, and the note says why (as locally).
      const bad = await diff({ primaryKey: ['region'] });
      expect(bad.models.find((m) => m.name === 'stg_orders')).toMatchObject({
        primary_key: null, key_note: "key (region) is not unique in stg_orders of the environment 'main' (2 duplicate rows): rows compared as whole rows",
        rows: { added: 3, removed: 3, changed: null, unchanged: 1 },
      });
      expect(bad.models.find((m) => m.name === 'region_sales')?.key_note).toBe("key column region is not in region_sales of the environment 'main': rows compared as whole rows");
    } finally {
      await warehouse.close();
    }
  });

  it('names the key column an environment lacks; assay diff --primary-key --tolerance --html --markdown on the warehouse', async () => {
    const db = await server.createDatabase();
    const root = await project(db, { 'seeds/orders.csv': 'order_id,region,amount\n1,NE,10.0\n2,MW,20.0\n3,NE,5.0\n' }, { defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' } }, passwordEnv: true });
    process.env.ASSAY_PG_PASSWORD = db.password;
    expect((await assay(['build', '-p', root, '--target', 'pg'])).code).toBe(0);
    await checkoutNewBranch(root, 'feature/id');
    await writeFile(path.join(root, 'models/big_orders.sql'), "select order_id as id, region, amount + 1 as amount from {{ ref('stg_orders') }} where amount >= 10\n");
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10.004\n2,MW,20.0\n3,NE,5.0\n');
    await commitAll(root, 'big_orders keyed by id');
    const build = await assay(['build', '-p', root, '--target', 'pg', '--select', 'orders+', '--exclude', 'region_sales']);
    expect(build.stderr).toMatch(/feature~id on pg \(analytics__feature_id\): ok \(3 built, 1 reused, 0 failed, 0 skipped\)/);
    const diff = await assay(['diff', 'main', 'feature/id', '-p', root, '--target', 'pg', '--primary-key', 'order_id', '--tolerance', '0.01', '--html', path.join(root, 'out/diff.html'), '--markdown', path.join(root, 'out/diff.md'), '--json', path.join(root, 'out/diff.json')]);
    expect(diff, diff.stderr).toMatchObject({ code: 0 });
    expect(diff.stderr).toContain("note: big_orders: key column order_id is not in big_orders of the environment 'feature~id': rows compared as whole rows");
    // An order's amount moved by 0.004: within the tolerance, so neither orders nor stg_orders changed by key.
    expect(diff.stdout).toMatch(/^main → feature\/id: 1 model\(s\) differ\n +big_orders +modified\/direct +rows 2 → 2 +\+2 -2 ~\? +\+id -order_id\n$/);
    const json = JSON.parse(await readFile(path.join(root, 'out/diff.json'), 'utf8'));
    expect(json.byKey.models.map((m: { name: string }) => m.name)).toEqual(['big_orders']);
    expect(json.models.find((m: { node: string }) => m.node === 'stg_orders')).toMatchObject({ status: 'unchanged', onlyBase: null });
    expect(await readFile(path.join(root, 'out/diff.html'), 'utf8')).toContain('big_orders');
    expect(await readFile(path.join(root, 'out/diff.md'), 'utf8')).toContain('key column order_id is not in big_orders');
    const nothing = await assay(['build', '-p', root, '--target', 'pg', '--select', 'nope']);
    expect(nothing).toMatchObject({ code: 2, stderr: expect.stringContaining("--select 'nope' matches no node") });
    const asOf = await assay(['build', '-p', root, '--target', 'pg', '--as-of', '2024-08']);
    expect(asOf).toMatchObject({ code: 2, stderr: expect.stringContaining('--as-of is not available on PostgreSQL targets yet') });
    await checkoutBranch(root, 'main');
    const api = await diffWarehouseBranches(root, 'pg', 'main', 'feature/id', { primaryKey: ['order_id'] });
    expect(api.byKey?.models.find((m) => m.name === 'orders')).toMatchObject({ primary_key: ['order_id'], rows: { changed: 1 }, columns: { amount: { changed: 1 } } });
    expect(api.models.find((m) => m.node === 'orders')).toMatchObject({ status: 'modified', onlyBase: null, onlyCompare: null });
  });

  it('builds with --empty into <env>^empty: models read zero rows (aliased refs too), seeds load as they are', async () => {
    const db = await server.createDatabase();
    const root = await project(db, {
      'models/sources.yml': 'version: 2\nsources:\n  - name: lake\n    meta: {external_location: "lake/{name}.csv"}\n    tables:\n      - name: returns\n',
      'lake/returns.csv': 'order_id,reason\n1,late\n2,broken\n',
      'models/returned.sql': "select o.order_id, r.reason from {{ ref('stg_orders') }} o join {{ source('lake', 'returns') }} as r on r.order_id = o.order_id\n",
    });
    const empty = await buildOnWarehouse({ projectRoot: root, empty: true });
    expect(empty.summary.env).toBe('main^empty');
    expect(empty.summary.status).toBe('ok');
    expect(empty.schemas).toEqual({ main: 'analytics__main_empty' });
    expect(await rows(db, 'select count(*)::int as n from analytics__main_empty.orders')).toEqual([{ n: 3 }]);
    for (const model of ['stg_orders', 'region_sales', 'big_orders', 'returned']) {
      expect(await rows(db, `select count(*)::int as n from analytics__main_empty.${model}`)).toEqual([{ n: 0 }]);
    }
    expect((await rows(db, "select column_name from information_schema.columns where table_schema = 'analytics__main_empty' and table_name = 'returned' order by ordinal_position")).map((c) => c.column_name)).toEqual(['order_id', 'reason']);
    // The branch's own environment is not touched, and is built in full.
    const full = await buildOnWarehouse({ projectRoot: root });
    expect(full.summary.env).toBe('main');
    expect(statuses(full.summary)).toMatchObject({ orders: 'reused', regions: 'reused', stg_orders: 'built', returned: 'built' });
    expect(await rows(db, 'select count(*)::int as n from analytics__main.returned')).toEqual([{ n: 2 }]);
  });
});
