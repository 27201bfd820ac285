import type { TestHistoryPoint } from '../../../shared/api.js';
import type { TestRunReport } from '../../../shared/test-types.js';
import { assayPaths } from '../env/assay-paths.js';
import { readLatestReport } from '../tests/latest-report.js';
import { PgWarehouse } from './postgres/pg-connection.js';
import { TEST_RUNS, WarehouseRunHistory } from './postgres/pg-run-history.js';
import { warehouseTarget } from './profile-targets.js';

/**
 * The Tests screen on a warehouse target: the environment's last test run there, as `assay test
 * --target NAME` (or the app's warehouseTest) kept it (`.assay/reports/<env>@<target>.latest.json`);
 * null before the first. The target must be one of the profile's PostgreSQL outputs.
 */
export async function warehouseLatestReport(projectRoot: string, targetName: string, env: string): Promise<TestRunReport | null> {
  await warehouseTarget(projectRoot, targetName);
  return readLatestReport(assayPaths(projectRoot).reportsDir, env, targetName);
}

/**
 * One test's past runs in the environment on the target, oldest first: read from the run history
 * on the server (`assay_meta.test_runs`, everyone's runs there), never created by reading it.
 */
export async function warehouseTestHistory(projectRoot: string, targetName: string, env: string, test: string): Promise<TestHistoryPoint[]> {
  const warehouse = await PgWarehouse.connect(await warehouseTarget(projectRoot, targetName), 0);
  try {
    const [table] = await warehouse.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [TEST_RUNS]);
    if (!table?.found) return [];
    const runs = await (await WarehouseRunHistory.open(warehouse, { testIds: [test] })).runs(env);
    return runs.flatMap((run) => run.tests.filter((t) => t.id === test).map((t) => ({ at: run.at, commit: run.commit, status: t.status, observed: t.observed })));
  } finally {
    await warehouse.close();
  }
}
