import { compileProject } from '../../electron/core/compile/compile-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runUnitTests } from '../../electron/core/unit-tests/run-unit-tests.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';
import { timed, type BenchResult } from './bench-result.js';

const MODELS = 50;
const TESTS_PER_MODEL = 4;
const RAW = 5;

/**
 * `npm run bench -- unit-tests`: 200 dbt unit tests over 50 models (an aggregation over a join of
 * two upstream models each), in memory with nothing built, against the floor: the same 200 model
 * queries run straight on one in-memory DuckDB over tables made once.
 */
export async function run(): Promise<BenchResult[]> {
  const root = await writeTempProject(benchProject());
  const { ms: loadMs, value: compiled } = await timed(async () => {
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
    return compileProject(loaded.project).compiled;
  });
  const tests = compiled.project.tests.filter((t) => t.kind === 'unit_test');
  if (tests.length !== MODELS * TESTS_PER_MODEL) throw new Error(`expected ${MODELS * TESTS_PER_MODEL} unit tests, found ${tests.length}`);
  const { ms, value: results } = await timed(() => runUnitTests({ compiled, tests }));
  const notPassing = results.filter((r) => r.status !== 'pass');
  if (notPassing.length > 0) throw new Error(`unit tests did not pass: ${notPassing.slice(0, 3).map((r) => `${r.id}: ${r.message}`).join('; ')}`);
  const baseline = await straightQueries();
  return [{
    scenario: `${tests.length} unit tests over ${MODELS} models (in memory, nothing built)`,
    ms,
    baseline: { name: `the same ${tests.length} model queries straight on one DuckDB`, ms: baseline },
    goal: 'under 2 s in all',
    met: ms < 2000,
    extra: { per_test_ms: (ms / tests.length).toFixed(1), load_and_compile_ms: loadMs.toFixed(0) },
  }];
}

function modelSql(i: number): string {
  return [
    `select o.customer_id, c.region, count(*) as orders, sum(o.amount) as amount, max(o.ordered_at) as last_order`,
    `from {{ ref('raw_orders_${i % RAW}') }} as o`,
    `join {{ ref('raw_customers_${i % RAW}') }} as c on c.customer_id = o.customer_id`,
    `where o.amount > ${i % 3}`,
    'group by all',
  ].join('\n');
}

/** Rows for test k of model i: four orders of two customers; the expectation follows from them. */
function fixture(i: number, k: number) {
  const threshold = i % 3;
  const orders = [1, 2, 3, 4].map((n) => ({ customer_id: 1 + (n % 2), amount: threshold + n + k, ordered_at: `2024-0${n}-1${k}` }));
  const customers = [{ customer_id: 1, region: `r${k}` }, { customer_id: 2, region: 'south' }];
  const expected = customers.map((c) => {
    const mine = orders.filter((o) => o.customer_id === c.customer_id);
    return { customer_id: c.customer_id, region: c.region, orders: mine.length, amount: mine.reduce((s, o) => s + o.amount, 0) };
  });
  return { orders, customers, expected };
}

function benchProject(): Record<string, string> {
  const files: Record<string, string> = { ...minimalProject };
  for (let r = 0; r < RAW; r++) {
    files[`models/raw/raw_orders_${r}.sql`] = "select 1 as order_id, 1 as customer_id, 10 as amount, date '2024-01-01' as ordered_at";
    files[`models/raw/raw_customers_${r}.sql`] = "select 1 as customer_id, 'north' as region";
  }
  for (let i = 0; i < MODELS; i++) {
    files[`models/marts/mart_${i}.sql`] = modelSql(i);
    const tests = Array.from({ length: TESTS_PER_MODEL }, (_, k) => {
      const { orders, customers, expected } = fixture(i, k);
      return [
        `  - name: totals_${k}`,
        `    model: mart_${i}`,
        '    given:',
        `      - input: ref('raw_orders_${i % RAW}')`,
        `        rows: ${JSON.stringify(orders)}`,
        `      - input: ref('raw_customers_${i % RAW}')`,
        `        rows: ${JSON.stringify(customers)}`,
        '    expect:',
        `      rows: ${JSON.stringify(expected)}`,
      ].join('\n');
    });
    files[`models/marts/mart_${i}_unit.yml`] = `unit_tests:\n${tests.join('\n')}\n`;
  }
  return files;
}

/** The floor: each test's fixture rows and model query, with no YAML, Jinja, typing or comparison. */
async function straightQueries(): Promise<number> {
  const engine = await openEngine({ path: ':memory:' });
  const conn = await engine.connect();
  const values = (rows: Record<string, unknown>[]) => rows.map((r) => `(${Object.values(r).map((v) => (typeof v === 'string' ? `'${v}'` : String(v))).join(', ')})`).join(', ');
  const { ms } = await timed(async () => {
    for (let i = 0; i < MODELS; i++) {
      for (let k = 0; k < TESTS_PER_MODEL; k++) {
        const { orders, customers } = fixture(i, k);
        const sql = modelSql(i).replace(/\{\{ ref\('raw_orders_\d+'\) \}\}/, 'o_t').replace(/\{\{ ref\('raw_customers_\d+'\) \}\}/, 'c_t');
        const result = await conn.query(`CREATE OR REPLACE TABLE o_t AS SELECT * FROM (VALUES ${values(orders)}) v(customer_id, amount, ordered_at); CREATE OR REPLACE TABLE c_t AS SELECT * FROM (VALUES ${values(customers)}) v(customer_id, region); ${sql}`);
        if (!result.ok) throw new Error(result.error);
      }
    }
  });
  await conn.close();
  await engine.close();
  return ms;
}
