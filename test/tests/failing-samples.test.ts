import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

// 50,000 rows: `amount` fails its range often; `late` fails on three rows far past the first
// thousands; `early` fails on two rows near the top; `id` repeats once.
const model = `SELECT
  CASE WHEN range = 30001 THEN 30000 ELSE range END AS id,
  (range % 100)::INTEGER AS amount,
  CASE WHEN range BETWEEN 40000 AND 40002 THEN 'x' ELSE 'ok' END AS late,
  CASE WHEN range IN (3, 7) THEN 'x' ELSE 'ok' END AS early
FROM range(50000)`;
const schema = `models:
  - name: rows
    columns:
      - name: id
        tests: [unique]
      - name: amount
        tests:
          - range: {min: 10, max: 90}
      - name: late
        tests:
          - accepted_values: {values: ['ok']}
      - name: early
        tests:
          - accepted_values: {values: ['ok']}
`;

async function run(sampleSize: number): Promise<Record<string, TestResult>> {
  const root = await writeTempProject({ ...minimalProject, 'models/rows.sql': model, 'models/schema.yml': schema });
  expect((await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null })).status).toBe('ok');
  const { compiled, renderer, project } = await prepareProject(root, root);
  const results = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests: project.tests, sampleSize, cache: false });
  return Object.fromEntries(results.map((r) => [r.column, r]));
}

describe('samples of failing rows', () => {
  it('gives every failed check failing rows, however rare, up to the sample size', async () => {
    const r = await run(5);
    expect(r.amount?.failing_rows).toBe(50000 * 0.19);
    expect(r.amount?.sample).toHaveLength(5);
    for (const row of r.amount?.sample ?? []) expect(Number(row.amount) < 10 || Number(row.amount) > 90).toBe(true);
    expect(r.late?.sample.map((row) => Number(row.id)).sort()).toEqual([40000, 40001, 40002]);
    expect(r.early?.sample.map((row) => Number(row.id)).sort()).toEqual([3, 7]);
    expect(r.id?.sample.map((row) => Number(row.id))).toEqual([30000, 30000]);
  });

  it('fetches none when the sample size is 0', async () => {
    const r = await run(0);
    expect(r.amount?.failing_rows).toBe(50000 * 0.19);
    expect(Object.values(r).flatMap((t) => t.sample)).toEqual([]);
  });
});
