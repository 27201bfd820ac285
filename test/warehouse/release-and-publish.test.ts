import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runVerdict } from '../../shared/run-verdict.js';
import { publishDashboards } from '../../electron/core/dashboards/publish/publish-dashboards.js';
import { loadTableSql } from '../../electron/core/dashboards/publish/requery-data.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { releaseCheck } from '../../electron/core/release/release-check.js';
import { signOff } from '../../electron/core/release/signoff.js';
import { testOnWarehouse } from '../../electron/core/warehouse/warehouse-test-run.js';
import { commitAll } from '../helpers/git-repo.js';
import { project, server, started } from './shop-on-postgres.js';

/** The shop on the warehouse with what a release needs: a sign-off rule, a unit test, and a dashboard with a control and a test. */
const RELEASABLE = {
  'dbt_project.yml': 'name: shop\nversion: 1\nconfig-version: 2\nprofile: shop\nmodels:\n  shop:\n    +materialized: table\nassay:\n  require_signoff: true\n',
  'models/unit_tests.yml': [
    'unit_tests:',
    '  - name: sales_add_up',
    '    model: region_sales',
    '    given:',
    "      - input: ref('regions')",
    '        rows: [{code: NE, name: North East}]',
    "      - input: ref('stg_orders')",
    '        rows: [{region: NE, amount: 10}, {region: NE, amount: 5}]',
    '    expect:',
    '      rows: [{code: NE, sales: 15}]',
    '',
  ].join('\n'),
  'dashboards/sales.yml': [
    'title: Sales',
    'parameters:',
    '  - {name: min_sales, type: number, default: 10}',
    'elements:',
    '  - name: by_region',
    '    query: |',
    "      select code, name, sales from {{ ref('region_sales') }} where sales >= $min_sales order by code",
    '    spec: {mark: bar, encoding: {x: {field: code, type: nominal}, y: {field: sales, type: quantitative}}}',
    '    tests:',
    '      - row_count: {min: 1}',
    '',
  ].join('\n'),
};

const outside = () => mkdtemp(path.join(os.tmpdir(), 'assay-wh-report-'));

describe.skipIf(!started.ok)('test reports, the release gate and publishing on a PostgreSQL target', () => {
  it('reports a warehouse run as a local run: unit and dashboard tests in it, a node that did not build and a broken file fail it', async () => {
    const db = await server.createDatabase();
    const root = await project(db, RELEASABLE);
    const { report } = await testOnWarehouse({ projectRoot: root });
    expect(report.target).toEqual({ name: 'pg', connection: expect.stringContaining("target 'pg'") });
    expect(report).toMatchObject({ env: 'main', branch: 'main', summary: { fail: 0, error: 0 } });
    expect(report.tests.find((t) => t.kind === 'unit_test')).toMatchObject({ name: 'sales_add_up', status: 'pass' });
    expect(report.tests.find((t) => t.node === 'dashboard:sales.by_region')).toMatchObject({ status: 'pass', observed: 2 });
    expect(runVerdict(report).exitCode).toBe(0);
    const kept = JSON.parse(await readFile(path.join(root, '.assay/reports/main@pg.latest.json'), 'utf8'));
    expect(kept.env_fingerprint).toBe(report.env_fingerprint);

    // A model that does not build on the warehouse, and a YAML file that does not parse: each its own error of the run.
    await writeFile(path.join(root, 'models/big_orders.sql'), "select * from {{ ref('stg_orders') }} where amount >= 'ten'::int\n");
    await writeFile(path.join(root, 'models/broken.yml'), 'version: 2\nmodels:\n  - name: [unclosed\n');
    const broken = (await testOnWarehouse({ projectRoot: root })).report;
    expect(broken.tests.find((t) => t.id === 'build.big_orders')).toMatchObject({ status: 'error', message: expect.stringContaining('big_orders') });
    expect(broken.tests.filter((t) => t.id.startsWith('project.')).map((t) => t.message)).toEqual([expect.stringMatching(/./)]);
    expect(broken.tests.find((t) => t.id.startsWith('project.'))?.id).toContain('broken.yml');
    expect(runVerdict(broken).exitCode).not.toBe(0);
  });

  it('gates and publishes from the warehouse environment: signed off there, queries there, its tables exported for the page', async () => {
    const db = await server.createDatabase();
    const root = await project(db, RELEASABLE);

    // Nothing signed off yet: no-go, and publishing writes nothing.
    const unsigned = await publishDashboards({ projectRoot: root, target: 'pg' });
    expect(unsigned.published).toBe(false);
    expect(unsigned.verdict.reasons.find((r) => r.check === 'tests')).toMatchObject({ ok: true, message: expect.stringContaining("on target 'pg'") });
    expect(unsigned.verdict.reasons.find((r) => r.check === 'signoff')?.ok).toBe(false);

    // The reviewer signs off the report of the warehouse run.
    const reportFile = path.join(await outside(), 'report.json');
    const { report } = await testOnWarehouse({ projectRoot: root });
    await writeFile(reportFile, JSON.stringify(report));
    const signed = await signOff({ projectRoot: root, reportFile });
    expect(signed.ok).toBe(true);
    expect((await releaseCheck({ projectRoot: root, target: 'pg' })).go).toBe(true);
    // That sign-off is of the warehouse's environment: it does not release the DuckDB build of the commit.
    const local = await releaseCheck({ projectRoot: root });
    expect(local.reasons.find((r) => r.check === 'signoff')).toMatchObject({ ok: false, message: expect.stringContaining("made on target 'pg', but the gate tested on the local DuckDB environment") });

    const outDir = await outside();
    const outcome = await publishDashboards({ projectRoot: root, target: 'pg', outDir });
    expect(outcome.published).toBe(true);
    const manifest = outcome.dashboards[0]?.manifest;
    expect(manifest).toMatchObject({ env: 'main', target: 'pg', commit: report.commit, report_sha256: signed.ok ? signed.signoff.report_sha256 : null });
    expect(manifest?.elements[0]).toMatchObject({ name: 'by_region', rows: 2, error: null, tests: [{ status: 'pass' }] });
    expect(manifest?.requery).toMatchObject({ enabled: true, reason: null });

    // The exported table loads into DuckDB under the name the page's queries read, with the warehouse's rows.
    const [table] = manifest?.requery.tables ?? [];
    const script = await readFile(path.join(outDir, 'sales', `${table?.file}.js`), 'utf8');
    const csv = gunzipSync(Buffer.from(/= "([^"]*)"/.exec(script)?.[1] ?? '', 'base64')).toString('utf8');
    expect(csv.split('\n')[0]).toBe('code,name,sales');
    const file = path.join(await outside(), '0.csv.gz');
    await writeFile(file, Buffer.from(/= "([^"]*)"/.exec(script)?.[1] ?? '', 'base64'));
    const page = await readFile(path.join(outDir, 'sales', 'index.html'), 'utf8');
    const columns = JSON.parse(/"columns":(\[[^\]]*\])/.exec(page.slice(page.indexOf('CREATE TABLE')))?.[1] ?? 'null') as { name: string; type: string }[] | null;
    const engine = await openEngine({ path: ':memory:' });
    const conn = await engine.connect();
    try {
      const relation = table?.relation ?? '';
      const loaded = await conn.query(loadTableSql({ relation, file, columns: columns ?? [{ name: 'code', type: 'VARCHAR' }, { name: 'name', type: 'VARCHAR' }, { name: 'sales', type: 'DOUBLE' }] }));
      expect(loaded.ok).toBe(true);
      const read = await conn.query(`SELECT code, name, CAST(sales AS DOUBLE) AS sales FROM ${relation} ORDER BY code`);
      expect(read.ok && read.rows).toEqual([{ code: 'MW', name: 'Mid West', sales: 20 }, { code: 'NE', name: 'North East', sales: 15 }, { code: 'SW', name: 'South West', sales: 0 }]);
    } finally {
      await conn.close();
      await engine.close();
    }
  });

  it('publishes the warehouse\'s results with fixed values, and says why, when a table the page needs cannot travel; a failing test on the warehouse stops it', async () => {
    const db = await server.createDatabase();
    const root = await project(db, {
      ...RELEASABLE,
      'dbt_project.yml': RELEASABLE['dbt_project.yml'].replace('  require_signoff: true\n', '  require_signoff: false\n'),
      'models/region_sales.sql': "select r.code, r.name, coalesce(sum(o.amount), 0) as sales, interval '1 day' as lag\nfrom {{ ref('regions') }} as r left join {{ ref('stg_orders') }} as o on o.region = r.code\ngroup by r.code, r.name\n",
    });
    const outcome = await publishDashboards({ projectRoot: root, target: 'pg', outDir: await outside() });
    expect(outcome.published).toBe(true);
    expect(outcome.dashboards[0]?.manifest.requery).toMatchObject({ enabled: false, reason: 'region_sales.lag is interval on target \'pg\' (postgres://' + db.user + '@' + db.host + ':' + db.port + '/' + db.database + '), which does not travel as CSV' });
    expect(outcome.dashboards[0]?.manifest.elements[0]).toMatchObject({ rows: 2, error: null });

    await writeFile(path.join(root, 'seeds/orders.csv'), 'order_id,region,amount\n1,NE,10\n2,ZZ,20\n');
    await commitAll(root, 'an order from an unknown region');
    const stopped = await publishDashboards({ projectRoot: root, target: 'pg', outDir: await outside() });
    expect(stopped.published).toBe(false);
    expect(stopped.verdict.reasons.find((r) => r.check === 'tests')).toMatchObject({ ok: false, message: expect.stringContaining('relationships') });
  });
});
