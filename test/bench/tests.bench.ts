import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import type { TestDeclaration } from '../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../../electron/core/compile/project-renderer.js';
import type { EngineConnection } from '../../electron/core/engine/engine.js';
import { planCheck } from '../../electron/core/tests/plan-checks.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { benchRows } from './bench-project.js';
import { median, type BenchResult } from './bench-result.js';

const numeric = Array.from({ length: 10 }, (_, i) => `n${i}`);
const categorical = Array.from({ length: 10 }, (_, i) => `c${i}`);

/**
 * 100 column tests (not_null, unique, accepted_values, range) on a 20-column model: Assay's
 * batched run against one query per test, and against one bare scan of every column (the floor).
 */
export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject({ ...minimalProject, 'models/wide.sql': wideModel(benchRows), 'models/schema.yml': schemaWith100Tests() });
  const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  if (built.status !== 'ok') throw new Error(`bench model did not build: ${built.nodes.map((n) => n.error).join('; ')}`);
  const { compiled, renderer, project } = await prepareProject(root, root);
  const tests = project.tests;
  // Cold runs: the result cache would answer every run after the first.
  const runAll = () => runTests({ projectRoot: root, compiled, renderer, env: 'local', tests, sampleSize: 5, cache: false });
  const rerun = () => runTests({ projectRoot: root, compiled, renderer, env: 'local', tests, sampleSize: 5 });

  const engine = await openEngine({ path: assayPaths(root).envFile('local'), readOnly: true });
  const conn = await engine.connect();
  // Statistics answer count(col) without reading data, so the floor reads every value once.
  const floor = await median(3, () => conn.query(`SELECT ${[...numeric, 'id'].map((c) => `sum(${c})`).join(', ')}, ${categorical.map((c) => `max(length(${c}))`).join(', ')} FROM wide`), true);
  // A suite with a unique test on a key cannot beat one distinct count of that key.
  const floorWithUnique = await median(3, () => conn.query(`SELECT count(DISTINCT id) FROM wide`), true);
  const oneByOne = await median(1, () => oneQueryPerTest(conn, tests, renderer), true);
  await conn.close();
  await engine.close();

  const statuses = (await runAll()).reduce<Record<string, number>>((acc, r) => ({ ...acc, [r.status]: (acc[r.status] ?? 0) + 1 }), {});
  process.stderr.write(`test outcomes: ${JSON.stringify(statuses)}\n`);
  const batched = await median(3, runAll, true);
  const unchanged = await median(3, rerun, true);
  return [
    { scenario: `${tests.length} column tests, batched (${benchRows.toLocaleString('en-US')} rows x 21 columns)`, ms: batched, baseline: { name: 'one query per test', ms: oneByOne }, goal: 'at least 5x faster', met: oneByOne / batched >= 5 },
    { scenario: `${tests.length} column tests again, model unchanged (result cache)`, ms: unchanged, baseline: { name: 'a cold run', ms: batched } },
    { scenario: `${tests.length} column tests, batched, against the floor`, ms: batched, baseline: { name: 'one bare scan of every column', ms: floor }, goal: 'within 1.5x of the floor', met: batched <= floor * 1.5, extra: { 'count(DISTINCT id) alone, ms': Math.round(floorWithUnique) } },
  ];
}

/** The baseline: each test as its own query, the way dbt runs them, and a sample of the failing ones. */
async function oneQueryPerTest(conn: EngineConnection, tests: TestDeclaration[], renderer: ProjectSqlRenderer): Promise<void> {
  for (const test of tests) {
    const check = planCheck(test, { relation: 'wide', renderer, relationOf: (name) => name });
    if (check.type !== 'aggregate' || !check.failingRows) {
      await conn.query(check.type === 'aggregate' ? `SELECT ${check.aggregate} FROM wide` : 'SELECT 1');
      continue;
    }
    const counted = await conn.query(`SELECT count(*) AS failing FROM wide WHERE ${check.failingRows}`);
    if (counted.ok && Number(counted.rows[0]?.failing) > 0) await conn.query(`SELECT * FROM wide WHERE ${check.failingRows} LIMIT 5`);
  }
}

function wideModel(rows: number): string {
  const n = numeric.map((c, i) => `(hash(range, ${i}) % 1000)::INTEGER AS ${c}`);
  const c = categorical.map((col, i) => `['a', 'b', 'c', 'd', 'e'][((hash(range, ${i + 100}) % 5) + 1)::BIGINT] AS ${col}`);
  return `{{ config(materialized='table') }}\nSELECT range AS id, ${[...n, ...c].join(', ')} FROM range(${rows})`;
}

/** Five tests per column, 105 in all: not_null twice (one with where), and range or accepted_values three times; unique on id. */
function schemaWith100Tests(): string {
  const lines = ['models:', '  - name: wide', '    columns:', '      - name: id', '        tests: [unique, not_null]'];
  for (const col of numeric) {
    lines.push(`      - name: ${col}`, '        tests:', '          - not_null', `          - not_null: {where: "${col} > 10"}`,
      '          - range: {min: 0, max: 999}', '          - range: {min: 0, max: 500, severity: warn}', '          - range: {min: 100}');
  }
  for (const col of categorical) {
    lines.push(`      - name: ${col}`, '        tests:', '          - not_null', `          - not_null: {where: "${col} <> 'a'"}`,
      "          - accepted_values: {values: ['a', 'b', 'c', 'd', 'e']}", "          - accepted_values: {values: ['a', 'b'], severity: warn}", "          - accepted_values: {values: ['c', 'd', 'e', 'f']}");
  }
  return `${lines.join('\n')}\n`;
}

