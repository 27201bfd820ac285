import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import type { AggregateCheck } from '../../electron/core/tests/check-plan.js';
import { planCheck } from '../../electron/core/tests/plan-checks.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { TestTarget } from '../../electron/core/tests/test-target.js';
import { measureUniqueByOrder } from '../../electron/core/tests/unique-by-order.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

// 300,000 rows: more than two Parquet row groups, so the store file is read by several threads.
const ROWS = 300_000;
const model = `SELECT
  range AS rising,
  ${ROWS} - range AS falling,
  CASE WHEN range = 200000 THEN 199999 ELSE range END AS repeat_in_order,
  CASE WHEN range = 250000 THEN 7 ELSE range END AS repeat_far_apart,
  range % 100000 AS three_runs,
  CASE WHEN range < 150000 THEN range + 150000 ELSE range - 150000 END AS two_runs_apart,
  CASE WHEN range < 150000 THEN range + 149999 ELSE range - 150000 END AS two_runs_touching,
  -- The middle and last blocks swapped, as a parallel write interleaves its batches.
  CASE WHEN range BETWEEN 100000 AND 199999 THEN range + 100000 WHEN range >= 200000 THEN range - 100000 ELSE range END AS interleaved,
  lpad(interleaved::VARCHAR, 6, '0') AS interleaved_text,
  CASE WHEN range = 250000 THEN 150001 ELSE interleaved END AS interleaved_with_repeat,
  hash(range) AS shuffled,
  CASE WHEN range % 7 = 0 THEN NULL ELSE range END AS rising_with_nulls
FROM range(${ROWS})`;
const columns = ['rising', 'falling', 'repeat_in_order', 'repeat_far_apart', 'three_runs', 'two_runs_apart', 'two_runs_touching', 'interleaved', 'interleaved_text', 'interleaved_with_repeat', 'shuffled', 'rising_with_nulls'];
const schema = `models:\n  - name: keys\n    columns:\n${columns.map((c) => `      - name: ${c}\n        tests: [unique]`).join('\n')}\n`;

async function setUp(materialized: 'table' | 'view') {
  const root = await writeTempProject({ ...minimalProject, 'models/keys.sql': `{{ config(materialized='${materialized}') }}\n${model}`, 'models/schema.yml': schema });
  const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
  expect(built.status).toBe('ok');
  const { compiled, renderer, project } = await prepareProject(root, root);
  return { root, options: { projectRoot: root, compiled, renderer, env: 'local', tests: project.tests, cache: false } };
}

async function proven(materialized: 'table' | 'view'): Promise<string[]> {
  const { root, options } = await setUp(materialized);
  const catalog = await readCatalog(assayPaths(root).envFile('local'));
  if (catalog.state !== 'ok') throw new Error('catalog unreadable');
  const engine = await openEngine({ path: assayPaths(root).envFile('local'), readOnly: true, fileSearchPath: catalog.info.root });
  const conn = await engine.connect();
  try {
    const opened = await TestTarget.open(conn, 'keys', options, catalog.entries);
    if (!opened.ok) throw new Error(opened.reason);
    const checks = options.tests.map((t) => planCheck(t, opened.value.planContext())) as AggregateCheck[];
    const measured = await measureUniqueByOrder(opened.value, checks);
    expect([...measured.values.values()]).toEqual([...measured.values.values()].map(() => ({ ok: true, value: 0 })));
    return [...measured.values.keys()].map((c) => c.test.column as string);
  } finally {
    await conn.close();
    await engine.close();
  }
}

describe('unique keys proven by their order', () => {
  it('proves keys that rise or fall, whole or in pieces that do not overlap (NULLs aside), and nothing else', async () => {
    expect(await proven('table')).toEqual(['rising', 'falling', 'two_runs_apart', 'interleaved', 'rising_with_nulls']);
  });

  it('does not try on a view, whose every query runs its SQL again', async () => {
    expect(await proven('view')).toEqual([]);
  });

  it('gives the same outcomes as distinct counts, on every kind of key', async () => {
    const { options } = await setUp('table');
    const results = await runTests(options);
    const outcome = (r: TestResult) => `${r.status} ${r.failing_rows}`;
    expect(Object.fromEntries(results.map((r) => [r.column, outcome(r)]))).toEqual({
      rising: 'pass 0',
      falling: 'pass 0',
      repeat_in_order: 'fail 1',
      repeat_far_apart: 'fail 1',
      three_runs: `fail ${ROWS - 100_000}`,
      two_runs_apart: 'pass 0',
      two_runs_touching: 'fail 1',
      interleaved: 'pass 0',
      interleaved_text: 'pass 0',
      interleaved_with_repeat: 'fail 1',
      shuffled: 'pass 0',
      rising_with_nulls: 'pass 0',
    });
    const repeated = results.find((r) => r.column === 'repeat_in_order');
    expect(repeated?.sample.map((row) => Number(row.repeat_in_order))).toEqual([199999, 199999]);
  });
});
