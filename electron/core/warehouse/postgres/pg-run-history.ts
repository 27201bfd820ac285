import type { TestResult, TestStatus, VariationPoint } from '../../../../shared/test-types.js';
import { lastMeasured, type HistoryEntry, type HistoryRun } from '../../tests/run-history.js';
import { WarehouseError, type PgWarehouse } from './pg-connection.js';
import { META_SCHEMA, lockKey, qualified } from './pg-names.js';

/** One row per test run of an environment on the warehouse: what `previous_run` and per-run anomaly tests read. */
export const TEST_RUNS = qualified(META_SCHEMA, 'test_runs');

const statuses = new Set<TestStatus>(['pass', 'warn', 'fail', 'error', 'skipped']);

/**
 * The run history of the warehouse's environments, kept on the warehouse server itself, in
 * `assay_meta.test_runs`: every member of the team testing the same environment of the same server
 * reads and extends one history, as the local `.assay/history/<env>.jsonl` does for one checkout
 * (electron/core/tests/run-history.ts, whose interface this has). The table is made when missing
 * (a server set up by an earlier Assay, or one where it was dropped). Reads are taken once per
 * history object and kept, so every test of one run sees the same earlier runs; a row whose
 * `tests` is not a list of test outcomes (written by hand, or by something else) is skipped, as a
 * torn line of the local file is, and an outcome in it that is not one is left out.
 */
export class WarehouseRunHistory {
  private readonly read = new Map<string, Promise<HistoryRun[]>>();

  private constructor(
    private readonly warehouse: PgWarehouse,
    private readonly testIds: string[] | null,
  ) {}

  /**
   * Makes the table if it is missing. `testIds`: only these tests' outcomes are read (the tests of
   * the run that compare with earlier runs), so a long history does not travel for nothing.
   */
  static async open(warehouse: PgWarehouse, options: { testIds?: string[] } = {}): Promise<WarehouseRunHistory> {
    await ensureTestRunsTable(warehouse).catch(saying(warehouse, `cannot keep the run history in ${TEST_RUNS}: `));
    return new WarehouseRunHistory(warehouse, options.testIds ?? null);
  }

  async runs(env: string): Promise<HistoryRun[]> {
    let runs = this.read.get(env);
    if (!runs) {
      runs = this.fetch(env);
      this.read.set(env, runs);
    }
    return runs;
  }

  /** The most recent run in which this test measured a value (not an error): a `previous_run` baseline. */
  async lastSuccessful(env: string, testId: string): Promise<HistoryEntry | null> {
    return lastMeasured(await this.runs(env), testId);
  }

  async append(run: HistoryRun): Promise<void> {
    await this.warehouse.query(`INSERT INTO ${TEST_RUNS} (env, at, branch, commit, tests) VALUES ($1, $2, $3, $4, $5::jsonb)`, [
      run.env, run.at, run.branch, run.commit, JSON.stringify(run.tests),
    ]).catch(saying(this.warehouse, `the run was not recorded in ${TEST_RUNS} (the run history previous_run and anomaly tests read): `));
  }

  private async fetch(env: string): Promise<HistoryRun[]> {
    // jsonb_array_elements only ever sees a list: any other `tests` comes back as NULL and is skipped.
    const rows = await this.warehouse.query(
      `SELECT (extract(epoch FROM at) * 1000)::float8 AS at_ms, env, branch, commit,
         CASE WHEN jsonb_typeof(tests) = 'array' THEN (
           SELECT coalesce(jsonb_agg(t ORDER BY k), '[]'::jsonb) FROM jsonb_array_elements(tests) WITH ORDINALITY AS e(t, k)
           WHERE $2::text[] IS NULL OR t ->> 'id' = ANY($2::text[])) END AS tests
       FROM ${TEST_RUNS} WHERE env = $1 ORDER BY seq`,
      [env, this.testIds],
    ).catch(saying(this.warehouse, `cannot read the run history ${TEST_RUNS}: `));
    const runs: HistoryRun[] = [];
    for (const row of rows) {
      if (!Array.isArray(row.tests) || !Number.isFinite(Number(row.at_ms))) continue;
      runs.push({
        at: new Date(Number(row.at_ms)).toISOString(), env: String(row.env), branch: textOrNull(row.branch), commit: textOrNull(row.commit),
        tests: row.tests.map(entryOf).filter((e): e is HistoryEntry => e !== null),
      });
    }
    return runs;
  }
}

/** What a run remembers of each test, as the local pipeline does (test-pipeline.ts): its outcome, its points, a per-run anomaly test's values. */
export function historyEntryOf(result: TestResult): HistoryEntry {
  const entry: HistoryEntry = { id: result.id, status: result.status, observed: result.observed, ...(result.points ? { points: result.points } : {}) };
  const outcome = result.anomaly;
  if (outcome?.settings.mode !== 'run') return entry;
  const measured = outcome.points.filter((p) => p.role === 'detection');
  return { ...entry, anomaly: { data_version: outcome.data_version ?? null, values: Object.fromEntries(measured.map((p) => [p.metric, p.value])) } };
}

/** Several processes may start at once: the same advisory lock as the rest of Assay's setup makes them take turns. */
async function ensureTestRunsTable(warehouse: PgWarehouse): Promise<void> {
  const [found] = await warehouse.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [TEST_RUNS]);
  if (found?.found) return;
  await warehouse.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey('assay:setup')]);
      await client.query(`CREATE TABLE IF NOT EXISTS ${TEST_RUNS} (
        seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, env text NOT NULL, at timestamptz NOT NULL, branch text, commit text, tests jsonb NOT NULL)`);
      await client.query(`CREATE INDEX IF NOT EXISTS test_runs_env ON ${TEST_RUNS} (env, seq)`);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

/** Rethrows the server's error as the warehouse names it, saying what was being done. */
function saying(warehouse: PgWarehouse, doing: string): (err: unknown) => never {
  return (err) => {
    throw warehouse.error(err instanceof WarehouseError && err.cause !== undefined ? err.cause : err, doing);
  };
}

/** One remembered outcome, or null when it is not one (then it is left out, not fatal). */
function entryOf(raw: unknown): HistoryEntry | null {
  if (!isObject(raw) || typeof raw.id !== 'string' || !statuses.has(raw.status as TestStatus)) return null;
  const observed = raw.observed ?? null;
  if (observed !== null && typeof observed !== 'number' && typeof observed !== 'string') return null;
  const entry: HistoryEntry = { id: raw.id, status: raw.status as TestStatus, observed };
  if (raw.points !== undefined && raw.points !== null) {
    if (!Array.isArray(raw.points) || !raw.points.every(isPoint)) return null;
    entry.points = raw.points;
  }
  if (isObject(raw.anomaly) && isObject(raw.anomaly.values)) {
    const values = Object.fromEntries(Object.entries(raw.anomaly.values).map(([metric, v]) => [metric, typeof v === 'number' && Number.isFinite(v) ? v : null]));
    entry.anomaly = { data_version: typeof raw.anomaly.data_version === 'string' ? raw.anomaly.data_version : null, values };
  }
  return entry;
}

function isPoint(p: unknown): p is VariationPoint {
  return isObject(p) && (p.current === null || typeof p.current === 'number')
    && (p.period === undefined || typeof p.period === 'string') && (p.group === undefined || typeof p.group === 'string');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
