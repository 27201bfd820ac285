import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { collectWarehouseGarbage } from '../../electron/core/warehouse/postgres/pg-gc.js';
import { lockKey } from '../../electron/core/warehouse/postgres/pg-names.js';
import { assay } from '../helpers/run-cli.js';
import { profilesYml } from '../helpers/postgres-server.js';
import { checkoutNewBranch } from '../helpers/git-repo.js';
import { project, rows, server, started, waitFor } from './shop-on-postgres.js';

/** What goes wrong on a warehouse leaves the environment as it was and names the target, the model or the value at fault. */
describe.skipIf(!started.ok)('a PostgreSQL target that refuses, fails or goes away', () => {
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
});
