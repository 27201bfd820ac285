import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { checkoutBranch } from '../helpers/git-repo.js';
import { profilesYml, startPostgres, type PostgresConnection, type PostgresServer } from '../helpers/postgres-server.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { closeOpenedWorkbenches, openWorkbenchAt } from './opened-workbench.js';
import { BIG_ORDERS_BRANCH, commitBiggerOrdersBranch, SHOP_ON_WAREHOUSE, writeShopOnWarehouse } from '../helpers/warehouse-project.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse operation tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

afterEach(closeOpenedWorkbenches);
const open = openWorkbenchAt;

describe('the profile targets the app lists (issue 16)', () => {
  it('lists each output with its type and the default, a PostgreSQL one with where it connects and never its password', async () => {
    const connection = { host: '127.0.0.1', port: 5999, database: 'shop', user: 'analyst', password: 's3cret-pw', connectionString: '' };
    const root = await writeTempProject({ ...SHOP_ON_WAREHOUSE, 'profiles.yml': profilesYml({ profile: 'shop', connection, defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' } }, passwordEnv: 'SHOP_PG_PASSWORD_NOT_SET' }) });
    const { call } = await open(root);
    const listed = await call('warehouseTargets', {});
    expect(listed).toEqual({
      profile: 'shop', file: 'profiles.yml', problem: null,
      targets: [
        { name: 'dev', type: 'duckdb', isDefault: true, connection: null, schema: null, problem: null },
        { name: 'pg', type: 'postgres', isDefault: false, connection: null, schema: null, problem: expect.stringMatching(/^profiles\.yml:\d+: .*env_var\('SHOP_PG_PASSWORD_NOT_SET'\) is not set/) },
      ],
    });
    process.env.SHOP_PG_PASSWORD_NOT_SET = 's3cret-pw';
    try {
      const [, pg] = (await call('warehouseTargets', {})).targets;
      expect(pg).toMatchObject({ name: 'pg', type: 'postgres', connection: "target 'pg' (postgres://analyst@127.0.0.1:5999/shop)", schema: 'analytics', problem: null });
      expect(JSON.stringify(pg)).not.toContain('s3cret-pw');
    } finally {
      delete process.env.SHOP_PG_PASSWORD_NOT_SET;
    }
  });

  it('lists nothing for a project without profiles.yml, and says what is wrong with a profile it cannot read', async () => {
    const bare = await writeTempProject({ ...SHOP_ON_WAREHOUSE, 'dbt_project.yml': 'name: shop\nversion: 1\nprofile: shop_nowhere\n' });
    const home = process.env.HOME;
    process.env.HOME = bare;
    try {
      expect(await (await open(bare)).call('warehouseTargets', {})).toEqual({ profile: 'shop_nowhere', file: null, problem: null, targets: [] });
    } finally {
      process.env.HOME = home;
    }
    const wrong = await writeTempProject({ ...SHOP_ON_WAREHOUSE, 'profiles.yml': 'other:\n  outputs:\n    dev: {type: duckdb}\n' });
    expect(await (await open(wrong)).call('warehouseTargets', {})).toMatchObject({
      file: 'profiles.yml', targets: [], problem: "profiles.yml:1: profile 'shop' (named in dbt_project.yml) is not in this file, or has no outputs:",
    });
  });

  it('refuses to build on a target that is not a PostgreSQL one, or that the profile does not have', async () => {
    const root = await writeTempProject({ ...SHOP_ON_WAREHOUSE, 'profiles.yml': 'shop:\n  target: dev\n  outputs:\n    dev: {type: duckdb}\n' });
    const { ask } = await open(root);
    expect(await ask('warehouseBuild', { target: 'dev' })).toEqual({ ok: false, error: "target 'dev' is a duckdb target, not a warehouse: the Warehouse screen builds on type: postgres outputs" });
    expect(await ask('warehouseEnvironments', { target: 'prod' })).toEqual({ ok: false, error: "profiles.yml: profile 'shop' has no target 'prod' (it has dev)" });
    expect(await ask('warehouseDiff', { target: '', base: 'main' })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid argument for warehouseDiff: target/) });
  });
});

describe.skipIf(!started.ok)('building, testing and diffing on a PostgreSQL target through the Workbench (issue 16)', () => {
  let db: PostgresConnection;
  beforeAll(async () => {
    db = await server.createDatabase();
  });

  it('builds the checked-out branch with its progress as warehouse events, lists the environment, tests it with failing samples, and diffs a branch against main', async () => {
    const root = await writeShopOnWarehouse(db);
    await commitBiggerOrdersBranch(root);
    const { call, events } = await open(root);
    expect(await call('warehouseEnvironments', { target: 'pg' })).toEqual({ target: 'pg', connection: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\//), environments: [] });

    const built = await call('warehouseBuild', { target: 'pg' });
    expect(built).toMatchObject({ target: 'pg', schemas: { main: 'analytics__main' }, summary: { env: 'main', branch: 'main', status: 'ok' } });
    expect(built.summary.nodes.map((n) => [n.node, n.status])).toEqual(expect.arrayContaining([['big_orders', 'built'], ['region_sales', 'built']]));
    const progress = events.filter((e) => e.event === 'warehouse').map((e) => e.payload);
    expect(progress.every((p) => p.target === 'pg')).toBe(true);
    expect(progress.some((p) => p.event.type === 'node' && p.event.node === 'big_orders' && p.event.status === 'built')).toBe(true);
    expect(progress.at(-1)?.event).toMatchObject({ type: 'phase', phase: 'done', env: 'main' });
    // The local DuckDB build's stream is left alone: the app's graph never shows the warehouse's nodes as its own.
    expect(events.filter((e) => e.event === 'build')).toEqual([]);

    // What the build keeps in .assay/ is ignored: the working tree stays clean, so a branch switch is not refused.
    expect((await call('gitState', {})).changed).toEqual([]);

    const listed = await call('warehouseEnvironments', { target: 'pg' });
    expect(listed.environments).toEqual([{ env: 'main', branch: 'main', commit: built.summary.commit, status: 'ok', builtAt: expect.any(String), schemas: ['analytics__main'] }]);

    const tested = await call('warehouseTest', { target: 'pg' });
    expect(tested.build.summary.status).toBe('up-to-date');
    const byKind = Object.fromEntries(tested.results.map((r) => [`${r.kind}:${r.column}`, r]));
    expect(byKind['relationships:region']).toMatchObject({ status: 'fail', failing_rows: 1, sample: [expect.objectContaining({ region: 'XX' })] });
    expect(byKind['unique:code']?.status).toBe('pass');

    const branch = await call('warehouseBuild', { target: 'pg', branch: BIG_ORDERS_BRANCH });
    expect(branch.summary).toMatchObject({ env: 'feature~bigger-orders', branch: BIG_ORDERS_BRANCH, status: 'ok' });
    expect(Object.fromEntries(branch.summary.nodes.map((n) => [n.node, n.status]))).toMatchObject({ big_orders: 'built', region_sales: 'reused', stg_orders: 'reused' });
    expect(branch.schemas).toEqual({ main: 'analytics__feature_bigger_orders' });

    await checkoutBranch(root, BIG_ORDERS_BRANCH);
    const diff = await call('warehouseDiff', { target: 'pg', base: 'main' });
    expect(diff).toMatchObject({ target: 'pg', base: 'main', compare: BIG_ORDERS_BRANCH });
    expect(diff.models.filter((m) => m.status !== 'unchanged')).toEqual([
      { node: 'big_orders', status: 'modified', change: 'direct', rowsBase: 3, rowsCompare: 1, onlyBase: 2, onlyCompare: 0, columnsAdded: [], columnsRemoved: [] },
    ]);
    expect((await call('warehouseEnvironments', { target: 'pg' })).environments.map((e) => e.branch)).toEqual([BIG_ORDERS_BRANCH, 'main']);

    const gc = await call('warehouseGc', { target: 'pg', dryRun: true });
    expect(gc).toEqual({ target: 'pg', dryRun: true, dropped: [], kept: expect.any(Number), schemas: [], held: [] });
  });

  it('refuses a second warehouse build while one runs, and cancels the running one leaving the environment as it was', async () => {
    const other = await server.createDatabase();
    const root = await writeShopOnWarehouse(other, { 'models/slow.sql': 'select pg_sleep(20)::text as slept\n' });
    const { ask, call } = await open(root);
    const first = ask('warehouseBuild', { target: 'pg' });
    expect(await ask('warehouseTest', { target: 'pg' })).toEqual({ ok: false, error: 'a warehouse build is already running; cancel it or wait for it to finish' });
    await waitFor(async () => (await server.adminQuery<{ n: string }>("select count(*) as n from pg_stat_activity where query like '%pg_sleep(20)%' and pid <> pg_backend_pid()", [], other.database))[0]?.n !== '0');
    expect(await call('cancelWarehouseBuild', {})).toEqual({ cancelled: true });
    const outcome = await first;
    expect(outcome.ok && outcome.value.summary.status).toBe('cancelled');
    expect(await call('cancelWarehouseBuild', {})).toEqual({ cancelled: false });
    // Nothing was published: the server holds no environment yet.
    expect((await call('warehouseEnvironments', { target: 'pg' })).environments).toEqual([]);
  });

  it('answers with the error shape, naming the target and never its password: a wrong password, a closed port, an environment never built', async () => {
    const other = await server.createDatabase();
    const wrong = await open(await writeShopOnWarehouse(other, {}, { password: 'not-the-password' }));
    const refused = await wrong.ask('warehouseBuild', { target: 'pg' });
    expect(refused).toEqual({ ok: false, error: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:\d+\/\w+\): cannot connect: password authentication failed for user "assay"$/) });
    expect(JSON.stringify(refused)).not.toContain('not-the-password');
    expect(await wrong.ask('warehouseEnvironments', { target: 'pg' })).toMatchObject({ ok: false, error: expect.stringContaining('password authentication failed') });

    const closed = await open(await writeShopOnWarehouse({ ...other, port: 1 }));
    expect(await closed.ask('warehouseEnvironments', { target: 'pg' })).toMatchObject({ ok: false, error: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect: .*is the server running/) });

    const fine = await open(await writeShopOnWarehouse(other));
    await fine.call('warehouseBuild', { target: 'pg' });
    expect(await fine.ask('warehouseDiff', { target: 'pg', base: 'never-built' })).toEqual({ ok: false, error: expect.stringMatching(/^target 'pg' .*has no environment 'never-built': build it first/) });
    expect(await fine.ask('warehouseDiff', { target: 'pg', base: 'two words' })).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid branch name 'two words'/) });
  });

  it('drops what no environment reads when asked for real, after listing it in a dry run', async () => {
    const other = await server.createDatabase();
    const root = await writeShopOnWarehouse(other);
    const { call } = await open(root);
    await call('warehouseBuild', { target: 'pg' });
    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 12\n");
    await call('warehouseBuild', { target: 'pg' });
    const dry = await call('warehouseGc', { target: 'pg', dryRun: true });
    expect(dry.dropped).toEqual([expect.stringMatching(/_big_orders$/)]);
    expect(await call('warehouseGc', { target: 'pg', dryRun: false })).toMatchObject({ dryRun: false, dropped: dry.dropped });
    expect((await call('warehouseGc', { target: 'pg', dryRun: true })).dropped).toEqual([]);
  });
});

async function waitFor(condition: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 600; i += 1) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the condition never held');
}
