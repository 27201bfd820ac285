import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresConnection, type PostgresServer } from '../helpers/postgres-server.js';
import { closeOpenedWorkbenches, openWorkbenchAt } from './opened-workbench.js';
import { BIG_ORDERS_BRANCH, commitBiggerOrdersBranch, writeShopOnWarehouse } from '../helpers/warehouse-project.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse node-state tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

afterEach(closeOpenedWorkbenches);
const open = openWorkbenchAt;

const byNode = (states: { node: string; status: string; rows?: number; error?: string }[]) => Object.fromEntries(states.map(({ node, ...rest }) => [node, rest]));

describe.skipIf(!started.ok)("the lineage's node states read from a PostgreSQL target (issue 16)", () => {
  let db: PostgresConnection;
  beforeAll(async () => {
    db = await server.createDatabase();
  });

  it("gives each node's state in the branch's environment on the server, stale where the working tree changed it since, apart from the local DuckDB states", async () => {
    const root = await writeShopOnWarehouse(db);
    await commitBiggerOrdersBranch(root);
    const { call } = await open(root);
    const built = await call('warehouseBuild', { target: 'pg' });

    const states = await call('warehouseNodeStates', { target: 'pg' });
    expect(states).toMatchObject({ target: 'pg', connection: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\//), env: 'main', branch: 'main', commit: built.summary.commit, status: 'ok' });
    expect(byNode(states.nodes)).toEqual({
      regions: { status: 'built', rows: 3 },
      orders: { status: 'built', rows: 4 },
      stg_orders: expect.objectContaining({ status: 'built' }),
      big_orders: { status: 'built', rows: 3 },
      region_sales: { status: 'built', rows: 3 },
    });
    // The app's own states are the local DuckDB environment's, which was never built.
    expect((await call('environmentStatus', {})).map((s) => s.status)).toEqual(['not-built', 'not-built', 'not-built', 'not-built', 'not-built']);

    // An edit not yet built on the warehouse: that model and what reads it are stale there, the rest as built.
    await writeFile(path.join(root, 'models/stg_orders.sql'), "{{ config(materialized='view') }}\nselect order_id, region, amount * 2.0 as amount from {{ ref('orders') }}\n");
    expect(byNode((await call('warehouseNodeStates', { target: 'pg' })).nodes)).toMatchObject({
      regions: { status: 'built' }, orders: { status: 'built' }, stg_orders: { status: 'stale' }, big_orders: { status: 'stale', rows: 3 }, region_sales: { status: 'stale' },
    });

    // Another branch's environment, read at its own commit: what it rebuilt and what it reused from main.
    await call('warehouseBuild', { target: 'pg', branch: BIG_ORDERS_BRANCH });
    const branch = await call('warehouseNodeStates', { target: 'pg', branch: BIG_ORDERS_BRANCH });
    expect(branch).toMatchObject({ env: 'feature~bigger-orders', branch: BIG_ORDERS_BRANCH });
    expect(byNode(branch.nodes)).toMatchObject({ big_orders: { status: 'built', rows: 1 }, region_sales: { status: 'reused', rows: 3 }, stg_orders: { status: 'reused' } });
  });

  it('shows a node whose last build failed there as failed, with the error and the rows its previous result still serves', async () => {
    const other = await server.createDatabase();
    const root = await writeShopOnWarehouse(other, { 'models/big_order_count.sql': "select count(*) as n from {{ ref('big_orders') }}\n" });
    const { call } = await open(root);
    await call('warehouseBuild', { target: 'pg' });
    // DuckDB-only SQL: PostgreSQL has no list_value.
    await writeFile(path.join(root, 'models/big_orders.sql'), "select *, list_value(1, 2) as l from {{ ref('stg_orders') }} where amount >= 10\n");
    expect((await call('warehouseBuild', { target: 'pg' })).summary.status).toBe('failed');

    const states = byNode((await call('warehouseNodeStates', { target: 'pg' })).nodes);
    expect(states.big_orders).toEqual({ status: 'failed', rows: 3, error: expect.stringMatching(/^model big_orders on target 'pg' .*list_value/) });
    expect(states.big_order_count).toEqual({ status: 'skipped', rows: 1, error: 'skipped: big_orders failed' });
    expect(states.region_sales).toEqual({ status: 'reused', rows: 3 });
  });

  it('shows what a first selective build left out as not built, not as skipped over a failure', async () => {
    const other = await server.createDatabase();
    const { call } = await open(await writeShopOnWarehouse(other));
    expect((await call('warehouseBuild', { target: 'pg', select: ['+big_orders'] })).summary.status).toBe('ok');
    expect(byNode((await call('warehouseNodeStates', { target: 'pg' })).nodes)).toEqual({
      orders: { status: 'built', rows: 4 }, stg_orders: expect.objectContaining({ status: 'built' }), big_orders: { status: 'built', rows: 3 },
      regions: { status: 'not-built' }, region_sales: { status: 'not-built' },
    });
  });

  it('says the environment was never built on the target, and names an unknown target, a DuckDB one and an unreachable server', async () => {
    const other = await server.createDatabase();
    const fresh = await open(await writeShopOnWarehouse(other));
    expect(await fresh.ask('warehouseNodeStates', { target: 'pg' })).toEqual({
      ok: false, error: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\) has no environment 'main': build it first \(assay build --target pg\)$/),
    });
    await fresh.call('warehouseBuild', { target: 'pg' });
    await commitBiggerOrdersBranch((await fresh.call('projectState', {}))!.project.root);
    expect(await fresh.ask('warehouseNodeStates', { target: 'pg', branch: BIG_ORDERS_BRANCH })).toMatchObject({
      ok: false, error: expect.stringMatching(/has no environment 'feature~bigger-orders': build it first \(assay build --target pg --branch feature\/bigger-orders\)$/),
    });
    expect(await fresh.ask('warehouseNodeStates', { target: 'prod' })).toEqual({ ok: false, error: "profiles.yml: profile 'shop' has no target 'prod' (it has dev, pg)" });
    expect(await fresh.ask('warehouseNodeStates', { target: 'dev' })).toEqual({ ok: false, error: "target 'dev' is a duckdb target, not a warehouse: the Warehouse screen builds on type: postgres outputs" });
    expect(await fresh.ask('warehouseNodeStates', { target: 'pg', branch: 'no-such-branch' })).toMatchObject({ ok: false, error: expect.stringContaining("there is no branch or commit 'no-such-branch'") });

    const closed = await open(await writeShopOnWarehouse({ ...other, port: 1 }));
    expect(await closed.ask('warehouseNodeStates', { target: 'pg' })).toMatchObject({ ok: false, error: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect: .*is the server running/) });
  });
});
