import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { closeOpenedWorkbenches, openWorkbenchAt } from './opened-workbench.js';
import { writeShopOnWarehouse } from '../helpers/warehouse-project.js';

const started = await startPostgres();
if (!started.ok) console.warn(`Warehouse test-report tests skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

afterEach(closeOpenedWorkbenches);
const open = openWorkbenchAt;

describe.skipIf(!started.ok)("the Tests screen's report and history from a PostgreSQL target (issue 16)", () => {
  it("reads the branch's last run on the target and each test's runs from the server's history, apart from the local ones", async () => {
    const db = await server.createDatabase();
    const { call } = await open(await writeShopOnWarehouse(db));
    const testRuns = async () => (await server.adminQuery<{ found: string | null }>("SELECT to_regclass('assay_meta.test_runs')::text AS found", [], db.database))[0]?.found;

    // Before any run there: no report, no history, and reading made no table on the server.
    expect(await call('latestTestReport', { target: 'pg' })).toBeNull();
    await call('warehouseBuild', { target: 'pg' });
    expect(await call('testHistory', { test: 'anything', target: 'pg' })).toEqual([]);
    expect(await testRuns()).toBeNull();

    const first = await call('warehouseTest', { target: 'pg' });
    await call('warehouseTest', { target: 'pg' });
    const report = await call('latestTestReport', { target: 'pg' });
    expect(report).toMatchObject({ env: 'main', branch: 'main', target: { name: 'pg', connection: expect.stringMatching(/^target 'pg' /) } });
    expect(report?.finished_at).not.toBe(first.report?.finished_at);
    const failing = report?.tests.find((t) => t.kind === 'relationships');
    expect(failing).toMatchObject({ status: 'fail', failing_rows: 1 });

    const history = await call('testHistory', { test: failing!.id, target: 'pg' });
    expect(history).toEqual([
      { at: expect.any(String), commit: report?.commit, status: 'fail', observed: 1 },
      { at: expect.any(String), commit: report?.commit, status: 'fail', observed: 1 },
    ]);
    expect(history[1]!.at >= history[0]!.at).toBe(true);

    // The local DuckDB environment was never tested: its report and history are its own.
    expect(await call('latestTestReport', {})).toBeNull();
    expect(await call('testHistory', { test: failing!.id })).toEqual([]);
  });

  it('names an unknown target, a DuckDB one, and an unreachable server', async () => {
    const db = await server.createDatabase();
    const { ask } = await open(await writeShopOnWarehouse(db));
    expect(await ask('latestTestReport', { target: 'prod' })).toEqual({ ok: false, error: "profiles.yml: profile 'shop' has no target 'prod' (it has dev, pg)" });
    expect(await ask('testHistory', { test: 't', target: 'dev' })).toEqual({ ok: false, error: "target 'dev' is a duckdb target, not a warehouse: the Warehouse screen builds on type: postgres outputs" });
    const closed = await open(await writeShopOnWarehouse({ ...db, port: 1 }));
    expect(await closed.ask('testHistory', { test: 't', target: 'pg' })).toMatchObject({ ok: false, error: expect.stringMatching(/^target 'pg' \(postgres:\/\/assay@127\.0\.0\.1:1\/\w+\): cannot connect: .*is the server running/) });
  });
});
