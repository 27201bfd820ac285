import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import type { Engine, EngineConnection } from '../../electron/core/engine/engine.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import type { AggregateCheck } from '../../electron/core/tests/check-plan.js';
import { measureOnHistograms } from '../../electron/core/tests/column-histograms.js';
import { planCheck } from '../../electron/core/tests/plan-checks.js';
import { TestTarget } from '../../electron/core/tests/test-target.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

// 30,000 rows: `id` is a key (too many values for a histogram); `status` has three values and NULLs; `amount` 0..99.
const model = `SELECT range AS id,
  CASE WHEN range % 10 = 0 THEN NULL WHEN range % 3 = 0 THEN 'open' WHEN range % 3 = 1 THEN 'done' ELSE 'lost' END AS status,
  (range % 100)::INTEGER AS amount
FROM range(30000)`;

const schema = `models:
  - name: orders
    columns:
      - name: id
        tests: [not_null]
      - name: status
        tests:
          - not_null
          - accepted_values: {values: ['open', 'done']}
          - not_null: {where: "amount > 50"}
      - name: amount
        tests:
          - range: {min: 10, max: 90}
          - not_null: {where: "amount > 50"}
          - expression: {expression: "> 5"}
`;

describe('checks answered from column histograms', () => {
  let engine: Engine;
  let conn: EngineConnection;
  let target: TestTarget;
  let checks: AggregateCheck[];

  beforeAll(async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/orders.sql': model, 'models/schema.yml': schema });
    const built = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(built.status).toBe('ok');
    const { compiled, renderer, project } = await prepareProject(root, root);
    const catalog = await readCatalog(assayPaths(root).envFile('local'));
    if (catalog.state !== 'ok') throw new Error('catalog unreadable');
    engine = await openEngine({ path: assayPaths(root).envFile('local'), readOnly: true, fileSearchPath: catalog.info.root });
    conn = await engine.connect();
    const opened = await TestTarget.open(conn, 'orders', { projectRoot: root, compiled, renderer, env: 'local', tests: project.tests }, catalog.entries);
    if (!opened.ok) throw new Error(opened.reason);
    target = opened.value;
    checks = project.tests.map((t) => planCheck(t, target.planContext())).filter((c): c is AggregateCheck => c.type === 'aggregate');
  });

  afterAll(async () => {
    await conn.close();
    await engine.close();
  });

  const label = (c: AggregateCheck) => `${c.test.kind} ${c.test.column ?? ''}${c.test.where ? ` where ${c.test.where}` : ''}`;

  it('histograms the few-valued columns, and leaves keys, other-column filters and plain not_null to scans', async () => {
    const measured = await measureOnHistograms(target, checks);
    expect([...measured.values.keys()].map(label).sort()).toEqual([
      'accepted_values status',
      'expression amount',
      'not_null amount where amount > 50',
      'range amount',
    ]);
    expect(measured.rest.map(label).sort()).toEqual(['not_null id', 'not_null status', 'not_null status where amount > 50']);
  });

  it('counts the NULLs of a plain not_null from two counts', async () => {
    const plain = checks.filter((c) => c.test.kind === 'not_null' && !c.test.where);
    const values = await target.aggregate(plain.map((c) => c.aggregate));
    expect(Object.fromEntries(plain.map((c, i) => [label(c), Number(values[i]?.ok && values[i].value)]))).toEqual({ 'not_null id': 0, 'not_null status': 3000 });
  });

  it('counts exactly what a scan of every row counts', async () => {
    const measured = await measureOnHistograms(target, checks);
    const histogrammed = [...measured.values.keys()];
    const scanned = await target.aggregate(histogrammed.map((c) => c.aggregate));
    const fromHistograms = histogrammed.map((c) => Number((measured.values.get(c) as { value: unknown }).value));
    expect(fromHistograms).toEqual(scanned.map((v) => (v.ok ? Number(v.value) : NaN)));
    expect(Object.fromEntries(histogrammed.map((c, i) => [label(c), fromHistograms[i]]))).toEqual({
      'accepted_values status': 9000,
      'range amount': 30000 * 0.19,
      'not_null amount where amount > 50': 0,
      'expression amount': 30000 * 0.06,
    });
  });
});
