import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import type { CompiledNode } from '../../electron/core/compile/compiled-project.js';
import { checkConstraints } from '../../electron/core/contracts/constraint-checks.js';
import { checkContractShape } from '../../electron/core/contracts/contract-shape.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { readCatalog } from '../../electron/core/env/catalog.js';
import type { ModelNode } from '../../electron/core/project/project.js';
import { sqlString } from '../../electron/core/sql/sql-text.js';
import { median, timed, type BenchResult } from './bench-result.js';

/** Rows of the contracted table: several million, generated in DuckDB. */
const ROWS = Number(process.env.BENCH_CONTRACT_ROWS ?? 5_000_000);
const RUNS = 5;

const orders = `{{ config(materialized='table') }}
select i as order_id, i % 50000 as customer_id, (i % 97)::integer + 1 as quantity,
       (i % 10000 * 0.37)::decimal(18,2) as amount, date '2024-01-01' + (i % 365)::integer as order_date,
       'sku-' || (i % 5000) as sku
from range(${ROWS}) t(i)`;

const customers = `{{ config(materialized='table') }}
select i as customer_id, 'region-' || (i % 12) as region from range(50000) t(i)`;

// A fact table as analysts write them: a join to a dimension, a filter, derived columns, one row per order.
const fact = `select o.order_id, o.customer_id, o.quantity, o.amount * o.quantity as net_sales, o.order_date,
       date_trunc('month', o.order_date)::date as order_month, upper(o.sku) as sku, c.region
from {{ ref('orders') }} as o
inner join {{ ref('customers') }} as c on c.customer_id = o.customer_id
where o.quantity > 0`;

const columns: [string, string, string][] = [
  ['order_id', 'bigint', '          - type: primary_key\n'],
  ['customer_id', 'bigint', '          - type: not_null\n'],
  ['quantity', 'integer', '          - type: check\n            expression: "quantity > 0"\n'],
  ['net_sales', 'decimal(18,2)', '          - type: check\n            expression: "net_sales >= 0"\n'],
  ['order_date', 'date', '          - type: not_null\n'],
  ['order_month', 'date', ''],
  ['sku', 'varchar', ''],
  ['region', 'varchar', ''],
];

type Variant = 'none' | 'types' | 'constraints';

function schema(variant: Variant): string {
  if (variant === 'none') return 'version: 2\nmodels: []\n';
  const cols = columns.map(([name, type, constraints]) => `      - name: ${name}\n        data_type: ${type}\n${variant === 'constraints' && constraints ? `        constraints:\n${constraints}` : ''}`);
  return `version: 2\nmodels:\n  - name: fact\n    config:\n      contract: {enforced: true}\n    columns:\n${cols.join('')}`;
}

async function project(variant: Variant): Promise<string> {
  const root = path.join(tmpdir(), `assay-bench-contracts-${variant}-${process.pid}`);
  await rm(root, { recursive: true, force: true });
  await mkdir(path.join(root, 'models'), { recursive: true });
  await writeFile(path.join(root, 'dbt_project.yml'), 'name: bench\nversion: 1\nmodels:\n  bench:\n    +materialized: table\n');
  await writeFile(path.join(root, 'models/orders.sql'), orders);
  await writeFile(path.join(root, 'models/customers.sql'), customers);
  await writeFile(path.join(root, 'models/fact.sql'), fact);
  await writeFile(path.join(root, 'models/schema.yml'), schema(variant));
  return root;
}

/** The fact table's own build time (its node's ms) in each project, rebuilt alone from scratch, the projects in turn: the median of RUNS each. */
async function factBuildMs(roots: Record<Variant, string>): Promise<Record<Variant, number>> {
  const timings: Record<Variant, number[]> = { none: [], types: [], constraints: [] };
  for (const root of Object.values(roots)) {
    const first = await buildEnvironment({ projectRoot: root, env: 'bench', branch: null, commit: null });
    if (first.status !== 'ok') throw new Error(`bench project did not build: ${JSON.stringify(first.nodes.filter((n) => n.error))}`);
  }
  // In turn, so that a change in the machine's load falls on every variant alike.
  for (let i = 0; i < RUNS; i++) {
    for (const [variant, root] of Object.entries(roots) as [Variant, string][]) {
      const again = await buildEnvironment({ projectRoot: root, env: 'bench', branch: null, commit: null, select: ['fact'], fullRefresh: true });
      const node = again.nodes.find((n) => n.node === 'fact');
      if (node?.status !== 'built') throw new Error(`fact was not rebuilt: ${node?.status} ${node?.error ?? ''}`);
      timings[variant].push(node.ms ?? 0);
    }
  }
  const mid = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  process.stderr.write(`each rebuild of the fact table, ms: ${JSON.stringify(timings)}\n`);
  return { none: mid(timings.none), types: mid(timings.types), constraints: mid(timings.constraints) };
}

/**
 * The two steps of enforcement timed alone on the built environment (the machine's load makes two
 * whole builds differ by more than what is measured): the column check on the model's SQL, and the
 * constraint scan of its stored result.
 */
async function enforcementPartsMs(root: string): Promise<{ shape: number; constraints: number }> {
  const { compiled } = await prepareProject(root, root);
  const node = compiled.nodes.get('fact') as CompiledNode;
  const model = node.source as ModelNode;
  const catalog = await readCatalog(assayPaths(root).envFile('bench'));
  if (catalog.state !== 'ok') throw new Error('bench environment is not readable');
  const physical = catalog.entries.get('fact')?.physical as string;
  const engine = await openEngine({ path: assayPaths(root).envFile('bench'), readOnly: true, fileSearchPath: root });
  const conn = await engine.connect();
  const shape = await median(RUNS, () => checkContractShape(conn, 'fact', node.execSql as string, model.contract?.columns ?? []));
  const constraints = await median(RUNS, () => checkConstraints(conn, 'fact', `read_parquet(${sqlString(physical)})`, model.contract?.constraints ?? []));
  await conn.close();
  await engine.close();
  return { shape, constraints };
}

/** For reference, DuckDB's own table constraints (dbt-duckdb's way): a plain CREATE TABLE AS against CREATE TABLE with the constraints, then INSERT. */
async function duckDbConstraintsMs(): Promise<{ plain: number; constrained: number }> {
  const engine = await openEngine({ path: ':memory:' });
  const conn = await engine.connect();
  const sql = (text: string) => text.replace(/\{\{ config\([^)]*\) \}\}\n/, '').replace("{{ ref('orders') }}", 'orders').replace("{{ ref('customers') }}", 'customers');
  const run = async (text: string) => {
    const result = await conn.query(text);
    if (!result.ok) throw new Error(result.error);
  };
  await run(`CREATE TABLE orders AS ${sql(orders)}; CREATE TABLE customers AS ${sql(customers)}`);
  const plain: number[] = [];
  const constrained: number[] = [];
  const declared = columns.map(([name, type, constraints]) => `${name} ${type}${constraints.includes('primary_key') ? ' PRIMARY KEY' : constraints.includes('not_null') ? ' NOT NULL' : ''}${constraints.includes('check') ? ` CHECK (${(/expression: "(.*)"/.exec(constraints) as RegExpExecArray)[1] as string})` : ''}`);
  for (let i = 0; i < RUNS; i++) {
    plain.push((await timed(() => run(`CREATE OR REPLACE TABLE fact AS ${sql(fact)}`))).ms);
    constrained.push((await timed(() => run(`CREATE OR REPLACE TABLE fact_c (${declared.join(', ')}); INSERT INTO fact_c ${sql(fact)}`))).ms);
  }
  await conn.close();
  await engine.close();
  const mid = (list: number[]) => list.sort((a, b) => a - b)[Math.floor(list.length / 2)] as number;
  return { plain: mid(plain), constrained: mid(constrained) };
}

/**
 * What enforcing a contract costs: a table of several million rows built with its contract's column
 * check and five constraints (primary key, not nulls, checks), against the same table without a
 * contract, in the same run. The constraints are checked in one scan of the written Parquet file
 * before it takes its name; the column check is one query plan, no rows.
 */
export async function run(): Promise<BenchResult[]> {
  const roots: Record<Variant, string> = { none: await project('none'), types: await project('types'), constraints: await project('constraints') };
  process.stderr.write(`contracts bench: ${ROWS.toLocaleString('en-US')} rows, median of ${RUNS} rebuilds of the fact table\n`);
  const { none, types, constraints } = await factBuildMs(roots);
  const parts = await enforcementPartsMs(roots.constraints);
  const native = await duckDbConstraintsMs();
  for (const root of Object.values(roots)) await rm(root, { recursive: true, force: true });
  const rows = ROWS.toLocaleString('en-US');
  return [
    {
      scenario: `table of ${rows} rows with an enforced contract (columns and types only)`,
      ms: types,
      baseline: { name: 'the same table without a contract', ms: none },
      // Whole builds on a loaded machine differ by more than this check costs: its goal is on the check alone.
      goal: 'the column check alone under 50 ms (it plans the query, runs no rows)',
      met: parts.shape < 50,
      extra: { 'column check alone ms': Math.round(parts.shape) },
    },
    {
      scenario: `table of ${rows} rows with an enforced contract and 5 constraints (primary key, 2 not_null, 2 check)`,
      ms: constraints,
      baseline: { name: 'the same table without a contract', ms: none },
      goal: 'at most 20% slower',
      met: constraints <= none * 1.2,
      extra: {
        'added ms': Math.round(constraints - none),
        'added %': Math.round(((constraints - none) / none) * 100),
        'constraint scan alone ms': Math.round(parts.constraints),
        'scan alone / build without contract %': Math.round((parts.constraints / none) * 100),
      },
    },
    {
      scenario: `for reference: DuckDB's own table constraints on the same ${rows} rows (CREATE TABLE with them, INSERT the SELECT; no Parquet)`,
      ms: native.constrained,
      baseline: { name: 'plain CREATE TABLE AS', ms: native.plain },
      extra: { 'added %': Math.round(((native.constrained - native.plain) / native.plain) * 100) },
    },
  ];
}
