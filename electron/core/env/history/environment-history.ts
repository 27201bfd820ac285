import type { CatalogTestStatus, EnvironmentHistory, KeptCatalog, KeptCatalogRecord } from '../../../../shared/env-history-types.js';
import type { TestRunRecord } from '../../../../shared/run-history-types.js';
import { RunLog } from '../../runs/run-log.js';
import { assayPaths } from '../assay-paths.js';
import { CatalogHistory } from './catalog-history.js';
import { environmentOf } from './environment-name.js';
import { readHistoryLimit } from './history-limit.js';

/**
 * `assay env history BRANCH`: the catalogs the branch's environment keeps, newest first, each with
 * the build that made it, the test status known for it, and which one is current.
 */
export async function environmentHistory(projectRoot: string, branch: string): Promise<EnvironmentHistory> {
  const env = environmentOf(branch, 'branch');
  const paths = assayPaths(projectRoot);
  const history = new CatalogHistory(paths.envHistoryDir, env);
  const [records, currentId, runs, limit] = await Promise.all([
    history.records(),
    history.currentId(paths.envFile(env)),
    new RunLog(paths.runsDir).list(env),
    readHistoryLimit(projectRoot),
  ]);
  const testRuns = runs.filter((run): run is TestRunRecord => run.kind === 'tests');
  return { env, branch, limit, catalogs: records.map((record) => listed(record, record.id === currentId, testRuns)) };
}

export function listed(record: KeptCatalogRecord, current: boolean, testRuns: TestRunRecord[]): KeptCatalog {
  return { ...record, current, tests: knownTestStatus(record, testRuns) };
}

/**
 * The newest test run of the same environment fingerprint (same code, same data): a run of every
 * test if there is one, else the newest partial run. A clone or an import knows only the status it
 * brought along.
 */
function knownTestStatus(record: KeptCatalogRecord, testRuns: TestRunRecord[]): CatalogTestStatus | null {
  const same = testRuns.filter((run) => run.envFingerprint === record.envFingerprint);
  const run = same.find((r) => r.scope === null) ?? same[0];
  if (!run) return record.tests ?? null;
  return { outcome: run.outcome, counts: run.counts, finishedAt: run.finishedAt, runId: run.id, scope: run.scope };
}
