import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assay } from '../helpers/run-cli.js';
import { project, server, started } from './shop-on-postgres.js';

describe.skipIf(!started.ok)('assay on a PostgreSQL target, from the command line', () => {
  it('builds, tests, diffs and collects garbage with --target, exit codes as on DuckDB', async () => {
    const db = await server.createDatabase();
    const root = await project(db, {}, { defaultTarget: 'dev', outputs: { dev: { type: 'duckdb' } }, passwordEnv: true });
    process.env.ASSAY_PG_PASSWORD = db.password;
    const build = await assay(['build', '-p', root, '--target', 'pg']);
    expect(build.stderr).toMatch(/main on pg \(analytics__main\): ok \(5 built, 0 reused, 0 failed, 0 skipped\)/);
    expect(build.code).toBe(0);
    const test = await assay(['test', '-p', root, '--target', 'pg']);
    expect(test.stdout).toMatch(/6 passed, 0 warned, 0 failed, 0 errored, 0 skipped \(main on pg, /);
    expect(test.code).toBe(0);
    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,ZZ,20\n');
    const failing = await assay(['test', '-p', root, '--target', 'pg']);
    expect(failing.stdout).toMatch(/FAIL .*relationships.*stg_orders.*: 1 failing rows?/);
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
    const refused = await assay(['build', '-p', root, '--target', 'pg', '--as-of', '2024-08']);
    expect(refused).toMatchObject({ code: 2, stderr: expect.stringContaining('--as-of is not available on PostgreSQL targets yet') });
  });
});
