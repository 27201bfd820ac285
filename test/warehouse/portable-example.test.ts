import { appendFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { readDashboards, runnableDashboard } from '../../electron/core/dashboards/dashboard-source.js';
import { buildOnWarehouse } from '../../electron/core/warehouse/postgres/pg-build.js';
import { readWarehouseCatalog } from '../../electron/core/warehouse/postgres/pg-catalog.js';
import { PgWarehouse } from '../../electron/core/warehouse/postgres/pg-connection.js';
import { previewDashboardOnWarehouse } from '../../electron/core/warehouse/postgres/pg-dashboards.js';
import { diffOnWarehouse } from '../../electron/core/warehouse/postgres/pg-diff.js';
import { runTestsOnWarehouse } from '../../electron/core/warehouse/postgres/pg-tests.js';
import { checkoutNewBranch, commitAll, initCommittedRepo } from '../helpers/git-repo.js';
import { profilesYml, startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { copyFixture } from '../helpers/temp-project.js';

const started = await startPostgres();
if (!started.ok) console.warn(`portable example on PostgreSQL skipped: ${started.reason}`);
const server = (started.ok ? started.server : null) as PostgresServer;
afterAll(async () => server?.stop());

describe.skipIf(!started.ok)('the portable example on a PostgreSQL target', () => {
  it('builds, tests, reuses on a branch, diffs and previews its dashboard as on DuckDB', async () => {
    const db = await server.createDatabase();
    const root = await copyFixture('pharma-launch-portable');
    // The example's variation test, in its portable form: the defective September delivery lost a third of the prescribers.
    await writeFile(path.join(root, 'models/marts/variation.yml'), [
      'version: 2',
      'models:',
      '  - name: customers_per_month',
      '    tests:',
      "      - variation: {name: prescribers_month_on_month, metric: 'sum(customers)', period: {column: month, grain: month}, compare_to: previous_period, error_pct: 20, direction: drop}",
      '    columns:',
      '      - name: customers',
      '        tests:',
      '          - column_anomalies:',
      '              name: prescribers_band',
      '              column_anomalies: [sum]',
      '              timestamp_column: month',
      '              time_bucket: {period: month, count: 1}',
      '              training_period: {period: month, count: 6}',
      '              detection_period: {period: month, count: 6}',
      '              min_training_set_size: 6',
      '              config: {severity: warn}',
      '',
    ].join('\n'));
    await writeFile(path.join(root, 'profiles.yml'), profilesYml({ profile: 'pharma_launch_portable', connection: db, defaultTarget: 'local', outputs: { local: { type: 'duckdb' } }, threads: 2 }));
    await initCommittedRepo(root);

    const main = await buildOnWarehouse({ projectRoot: root, target: 'pg' });
    expect(main.summary.errors.filter((e) => e.severity !== 'warning')).toEqual([]);
    expect(main.summary.nodes.filter((n) => n.status !== 'built')).toEqual([]);
    expect(main.summary.status).toBe('ok');

    const warehouse = await PgWarehouse.connect(main.target);
    try {
      const results = await runTestsOnWarehouse({ warehouse, compiled: main.compiled, renderer: main.renderer, entries: await readWarehouseCatalog(warehouse, 'main'), schemaOf: main.schemaOf, env: 'main' });
      expect(results.filter((r) => r.status !== 'pass').map((r) => `${r.status} ${r.name}`).sort()).toEqual(['fail prescribers_month_on_month', 'warn prescribers_band']);
      expect(results.find((r) => r.name === 'prescribers_month_on_month')?.message).toBe('2024-09-01: 80 against 120');
      expect(results.find((r) => r.name === 'prescribers_band')?.message).toMatch(/2024-09.*80/);
      expect(results.find((r) => r.name === 'prescribers_month_on_month')?.points).toHaveLength(11);
      expect(results.length).toBeGreaterThan(30);

      // The same dashboard on DuckDB and on the warehouse: the same rows.
      const local = await buildBranch({ projectRoot: root });
      expect(local.target.status).toBe('ok');
      const { dashboards } = await readDashboards(root);
      const onDuckDb = await previewDashboard({ projectRoot: root, env: 'main', dashboard: runnableDashboard(dashboards, 'launch') });
      const onWarehouse = await previewDashboardOnWarehouse({ projectRoot: root, target: 'pg', dashboard: 'launch' });
      for (const [i, element] of onWarehouse.elements.entries()) {
        expect(element.error).toBeNull();
        expect(element.tests.filter((t) => t.status !== 'pass')).toEqual([]);
        expect(normalised(element.rows)).toEqual(normalised(onDuckDb.elements[i]?.rows ?? []));
      }
      expect(onWarehouse.elements.map((e) => e.rows.length)).toEqual([12, 144, 10]);

      await checkoutNewBranch(root, 'feature/share');
      await appendFile(path.join(root, 'models/marts/customers_per_month.sql'), '\n-- reviewed\n');
      await commitAll(root, 'touch customers_per_month');
      const branch = await buildOnWarehouse({ projectRoot: root, target: 'pg' });
      expect(branch.summary.nodes.filter((n) => n.status === 'built').map((n) => n.node)).toEqual(['customers_per_month']);
      const diff = await diffOnWarehouse(warehouse, 'main', 'feature~share');
      expect(diff.filter((d) => d.status !== 'unchanged')).toEqual([]);
      expect(diff.find((d) => d.node === 'customers_per_month')).toMatchObject({ status: 'unchanged', change: 'direct', onlyBase: 0, onlyCompare: 0 });
    } finally {
      await warehouse.close();
    }
  });
});

/** Dates come back as text from PostgreSQL and as dates from DuckDB; decimals as numbers from both. */
function normalised(rows: Record<string, unknown>[]): Record<string, unknown>[] {
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v.replace(/ 00:00:00$/, '') : v])));
}
