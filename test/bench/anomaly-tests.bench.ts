import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { RunHistory } from '../../electron/core/tests/run-history.js';
import { runAnomaly } from '../../electron/core/tests/run-anomaly.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { benchRows } from './bench-project.js';
import { median, type BenchResult } from './bench-result.js';

const days = 730;

/**
 * Anomaly tests per period on a multi-million-row table (two years of daily events): the test on
 * an open connection (one GROUP BY bucket scan, gaps filled and the 730 bucket rows scored here)
 * against the bare GROUP BY that computes the same metrics per day on the same connection. The
 * whole `runTests` (which also opens the environment and reads its catalog) is given beside it.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject({
    ...minimalProject,
    'models/events.sql': `{{ config(materialized='table') }}\nSELECT range AS id, TIMESTAMP '2023-01-01' + to_seconds((hash(range) % ${days * 86_400})::BIGINT) AS happened_at, (hash(range, 1) % 1000)::INTEGER AS amount, CASE WHEN hash(range, 2) % 50 = 0 THEN NULL ELSE hash(range, 3) % 5000 END AS customer_id FROM range(${benchRows})`,
    'models/schema.yml': [
      'models:', '  - name: events', '    tests:',
      '      - volume_anomalies: {timestamp_column: happened_at, time_bucket: {period: day, count: 1}, training_period: {period: day, count: 28}, detection_period: {period: day, count: 30}}',
      '    columns:', '      - name: amount', '        tests:',
      '          - column_anomalies: {column_anomalies: [null_count, average, max], timestamp_column: happened_at, time_bucket: {period: day, count: 1}, training_period: {period: day, count: 28}, detection_period: {period: day, count: 30}}',
    ].join('\n'),
  });
  const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  if (built.status !== 'ok') throw new Error(`bench model did not build: ${built.nodes.map((n) => n.error).join('; ')}`);
  const { compiled, renderer, project } = await prepareProject(root, root);
  const [volume, columns] = [project.tests.filter((t) => t.kind === 'volume_anomalies'), project.tests.filter((t) => t.kind === 'column_anomalies')];
  const runOne = (tests: typeof volume) => async () => {
    const [result] = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests, cache: false });
    if (!result || result.status === 'error' || !result.anomaly) throw new Error(`the anomaly test did not run: ${result?.message}`);
  };

  const engine = await openEngine({ path: assayPaths(root).envFile('local'), readOnly: true });
  const conn = await engine.connect();
  const bucket = "time_bucket(INTERVAL '1 days', happened_at::TIMESTAMP)";
  const bare = (metrics: string) => async () => {
    const result = await conn.query(`SELECT ${bucket}, ${metrics} FROM events GROUP BY 1`);
    if (!result.ok) throw new Error(result.error);
  };
  const columnsOf = await conn.query('DESCRIBE events');
  const context = {
    conn, relation: 'events', env: 'local', dataVersion: null, history: new RunHistory(assayPaths(root).historyDir),
    columns: columnsOf.ok ? columnsOf.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) })) : [],
  };
  const anomaly = (test: (typeof volume)[number] | undefined) => async () => {
    if (!test) throw new Error('the bench project declares no such test');
    const run = await runAnomaly(test, context);
    if (run.outcome.points.length === 0) throw new Error('nothing scored');
  };
  // Interleaved, so that the machine's load falls on both alike.
  const bareVolume = await median(5, bare('count(*)'), true);
  const volumeMs = await median(5, anomaly(volume[0]), true);
  const bareColumns = await median(5, bare('count(*) - count(amount), avg(amount), max(amount), count(*)'), true);
  const columnsMs = await median(5, anomaly(columns[0]), true);
  await conn.close();
  await engine.close();
  const wholeVolume = await median(3, runOne(volume), true);
  const wholeColumns = await median(3, runOne(columns), true);
  const rows = `${benchRows.toLocaleString('en-US')} rows, ${days} daily buckets`;
  return [
    { scenario: `volume_anomalies per day (${rows})`, ms: volumeMs, baseline: { name: 'bare GROUP BY day count(*)', ms: bareVolume }, goal: 'within 1.3x of the bare scan', met: volumeMs <= bareVolume * 1.3, extra: { 'whole runTests, ms': Math.round(wholeVolume) } },
    { scenario: `column_anomalies [null_count, average, max] per day (${rows})`, ms: columnsMs, baseline: { name: 'bare GROUP BY day with the same aggregates', ms: bareColumns }, goal: 'within 1.3x of the bare scan', met: columnsMs <= bareColumns * 1.3, extra: { 'whole runTests, ms': Math.round(wholeColumns) } },
  ];
}
