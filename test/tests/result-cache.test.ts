import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { runTests } from '../../electron/core/tests/run-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const orders = "select * from (values (1, 'open', 10, timestamp '2024-01-01'), (2, 'lost', -5, timestamp '2024-01-02')) t(id, status, amount, placed_at)";
const schema = `sources:
  - name: raw
    tables:
      - name: events
        meta: {external_location: "data/events.csv"}
        columns:
          - name: id
            tests: [not_null]
models:
  - name: orders
    columns:
      - name: id
        tests: [unique, not_null]
      - name: amount
        tests:
          - range: {min: 0}
          - not_null: {where: "id in (select id from orders)"}
      - name: placed_at
        tests:
          - freshness: {max_age: '1 hour', severity: warn}
  - name: orders_view
    columns:
      - name: id
        tests: [not_null]
`;

async function project() {
  const root = await writeTempProject({
    ...minimalProject,
    'models/orders.sql': orders,
    'models/orders_view.sql': "{{ config(materialized='view') }}\nselect * from {{ ref('orders') }}",
    'models/schema.yml': schema,
    'data/events.csv': 'id,kind\n1,a\n2,b\n',
  });
  const test = async (cache = true) => {
    const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(['ok', 'up-to-date']).toContain(built.status);
    const { compiled, renderer, project: loaded } = await prepareProject(root, root);
    const results = await runTests({ projectRoot: root, compiled, renderer, env: 'local', tests: loaded.tests, cache });
    return Object.fromEntries(results.map((r) => [r.id, r]));
  };
  return { root, test };
}

const outcome = (r: TestResult | undefined) => ({ status: r?.status, observed: r?.observed, failing_rows: r?.failing_rows, sample: r?.sample });

describe('the outcomes of row checks on unchanged stored data', () => {
  it('are reused on the next run, in the same order, and only for checks that read nothing but the node', async () => {
    const { test } = await project();
    const first = await test();
    const second = await test();
    expect(Object.keys(second)).toEqual(Object.keys(first));
    const reused = Object.values(second).filter((r) => r.cached).map((r) => r.id);
    // Not reused: a freshness test (it reads the clock), a where that reads a relation, a view's test.
    expect(reused.sort()).toEqual(['not_null.orders.id', 'not_null.source:raw.events.id', 'range.orders.amount', 'unique.orders.id']);
    for (const id of reused) expect(outcome(second[id])).toEqual(outcome(first[id]));
    expect(second['range.orders.amount']).toMatchObject({ status: 'fail', failing_rows: 1, sample: [{ id: 2, amount: -5 }], duration_ms: 0 });
  });

  it('are read from the cache, not measured again, and measured again once the model changes', async () => {
    const { root, test } = await project();
    await test();
    // Tamper with the cached outcome: a run that shows it did not measure.
    const dir = assayPaths(root).testCacheDir;
    for (const file of await readdir(dir)) {
      const cacheFile = path.join(dir, file);
      await writeFile(cacheFile, (await readFile(cacheFile, 'utf8')).replaceAll('"failing_rows":1', '"failing_rows":7'));
    }
    expect((await test())['range.orders.amount']).toMatchObject({ failing_rows: 7, cached: true });
    expect((await test(false))['range.orders.amount']).toMatchObject({ failing_rows: 1 });

    await writeFile(path.join(root, 'models/orders.sql'), orders.replace('-5', '-6').replace("(2, 'lost'", "(3, 'x', -1, timestamp '2024-01-03'), (2, 'lost'"));
    const edited = await test();
    expect(edited['range.orders.amount']).toMatchObject({ failing_rows: 2 });
    expect(edited['range.orders.amount']?.cached).toBeUndefined();
  });
});
