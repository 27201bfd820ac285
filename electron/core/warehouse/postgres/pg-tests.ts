import type { TestDeclaration } from '../../../../shared/project-types.js';
import type { TestResult } from '../../../../shared/test-types.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import { evaluateAggregate } from '../../tests/evaluate-check.js';
import { planCheck, TestPlanError } from '../../tests/plan-checks.js';
import { runVariation, variationOutcome } from '../../tests/run-variation.js';
import { runAnomaly } from '../../tests/run-anomaly.js';
import { anomalyOutcome } from '../../tests/anomaly-result.js';
import { envNameForBranch } from '../../env/assay-paths.js';
import { PgEngineConnection } from './pg-engine-connection.js';
import { relationResolver } from '../../tests/relation-of.js';
import { resultOf } from '../../tests/run-tests.js';
import { readWarehouseCatalog, type WarehouseEntry } from './pg-catalog.js';
import { connectionConfig, type PgWarehouse } from './pg-connection.js';
import { STORE_SCHEMA, environmentSchemaOf, qualified } from './pg-names.js';

const SAMPLE_ROWS = 5;

export interface WarehouseTestInput {
  warehouse: PgWarehouse;
  compiled: CompiledProject;
  renderer: ProjectSqlRenderer;
  entries: Map<string, WarehouseEntry>;
  /** The environment tested (a variation test's baseline is another one). */
  env: string;
  /** The schema an environment gives one of dbt's schemas. */
  schemaOf: (dbtSchema: string) => string;
  onResult?: (result: TestResult) => void;
}

type Outcome = Parameters<typeof resultOf>[2] & { sample?: Record<string, unknown>[]; extra?: Partial<TestResult> };

/**
 * Runs the project's tests on an environment of the warehouse, planned as on DuckDB in PostgreSQL's
 * SQL: the row checks (dbt's built-in tests, `range`, `expression`, `row_count`, `freshness`,
 * `unique_combination`, ...) as one aggregate each, singular and generic SQL tests by their failing
 * rows (with `fail_calc`, `warn_if`, `error_if`), failing rows sampled; variation tests against the
 * previous period or the baseline branch's environment there; anomaly tests per time bucket. Schema
 * tests, and variation and anomaly tests against earlier runs (the run history is DuckDB's), are
 * reported as errors here, so a run on the warehouse never looks greener than it is.
 */
export async function runTestsOnWarehouse(input: WarehouseTestInput): Promise<TestResult[]> {
  pointRelationsAtEnvironment(input);
  return Promise.all(input.compiled.project.tests.map(async (test) => {
    const started = Date.now();
    const { sample = [], extra = {}, ...outcome } = await runOne(input, test).catch((err: unknown) => errorOutcome(input.warehouse.error(err).message));
    const result = { ...resultOf(test, test.node, outcome, Date.now() - started), sample, ...extra };
    input.onResult?.(result);
    return result;
  }));
}

async function runOne(input: WarehouseTestInput, test: TestDeclaration): Promise<Outcome> {
  if (test.problem) return errorOutcome(test.problem);
  const entry = input.entries.get(test.node);
  if (test.node && (!entry || !['built', 'reused'].includes(entry.status))) {
    return errorOutcome(`not run: ${test.node} ${entry ? `did not build (${entry.status}${entry.error ? `: ${entry.error}` : ''})` : 'is not in this environment'}`);
  }
  const node = input.compiled.nodes.get(test.node);
  const relation = !node ? '' : node.kind === 'source' ? (node.execRelation ?? node.relation) : node.relation;
  let check;
  try {
    check = planCheck(test, { relation, renderer: input.renderer, relationOf: relationResolver(input.renderer), dialect: 'postgres' });
  } catch (err) {
    return errorOutcome(err instanceof Error ? err.message : String(err));
  }
  const sampled = async (rowsSql: string) => input.warehouse.query(`SELECT * FROM (\n${rowsSql}\n) AS failing_rows LIMIT ${SAMPLE_ROWS}`);
  switch (check.type) {
    case 'aggregate': {
      const [row] = await input.warehouse.query<{ value: unknown }>(`SELECT ${check.aggregate} AS value FROM ${relation}`);
      const evaluated = evaluateAggregate(check, row?.value ?? null);
      const sample = evaluated.failing_rows && check.failingRows ? await sampled(`SELECT * FROM ${relation} WHERE ${check.failingRows}`) : [];
      return { ...evaluated, sample };
    }
    case 'query': {
      const [row] = await input.warehouse.query<{ failing: unknown }>(check.countSql);
      const evaluated = evaluateAggregate({ type: 'aggregate', test, aggregate: '', measures: 'failing_rows' }, row?.failing ?? null);
      return { ...evaluated, sample: evaluated.failing_rows ? await sampled(check.rowsSql) : [] };
    }
    case 'variation':
      return input.warehouse.withClient(async (client) => {
        const conn = PgEngineConnection.over(client, connectionConfig(input.warehouse.target));
        return variationOutcome(await runVariation(test, { conn, relation, env: input.env, history: NO_RUN_HISTORY, baselineRelation: () => baselineRelation(input, test) }));
      }).catch((err: unknown) => errorOutcome(err instanceof TestPlanError ? err.message : input.warehouse.error(err).message));
    case 'anomaly':
      return input.warehouse.withClient(async (client) => {
        const conn = PgEngineConnection.over(client, connectionConfig(input.warehouse.target));
        const shape = await conn.query(`SELECT * FROM ${relation} LIMIT 0`);
        if (!shape.ok) throw new Error(shape.error);
        return anomalyOutcome(await runAnomaly(test, { conn, relation, columns: shape.columns, history: NO_RUN_HISTORY, env: input.env, dataVersion: entry?.storeObject ?? null }));
      }).catch((err: unknown) => errorOutcome(err instanceof TestPlanError ? err.message : input.warehouse.error(err).message));
    default:
      return errorOutcome(`${test.kind} tests run on DuckDB environments; on PostgreSQL targets the row checks, variation, anomaly, dbt's and SQL tests run, not ${check.type} tests yet`);
  }
}

/** Runs on the warehouse keep no history of their own yet: a variation test cannot compare with the last run there. */
const NO_RUN_HISTORY = {
  lastSuccessful: (): never => {
    throw new TestPlanError('compare_to: previous_run compares with the run history kept for DuckDB environments; on a PostgreSQL target compare with previous_period or baseline_branch');
  },
  runs: (): never => {
    throw new TestPlanError('an anomaly test without timestamp_column scores each run against the run history kept for DuckDB environments; on a PostgreSQL target give it a timestamp_column');
  },
};

/** The same node in the baseline branch's environment on the warehouse, for `compare_to: baseline_branch`. */
async function baselineRelation(input: WarehouseTestInput, test: TestDeclaration): Promise<string> {
  const env = envNameForBranch(String(test.args.baseline_branch ?? 'main'));
  const entry = (await readWarehouseCatalog(input.warehouse, env)).get(test.node);
  const build = `assay build --target ${input.warehouse.target.name} --branch ${String(test.args.baseline_branch ?? 'main')}`;
  if (!entry) throw new TestPlanError(`the baseline environment '${env}' on ${input.warehouse.name} has no ${test.node}: build it (${build})`);
  if (entry.objectName && entry.dbtSchema !== null) return qualified(environmentSchemaOf(input.warehouse.target.schema, env)(entry.dbtSchema), entry.objectName);
  if (entry.storeObject) return qualified(STORE_SCHEMA, entry.storeObject);
  throw new TestPlanError(`${test.node} has no relation in the baseline environment '${env}'`);
}

/** Tests and dashboards read the environment's views (what a reviewer sees), not the store objects the build wrote. */
export function pointRelationsAtEnvironment(input: Pick<WarehouseTestInput, 'compiled' | 'entries' | 'schemaOf'>): void {
  for (const [id, entry] of input.entries) {
    const node = input.compiled.nodes.get(id);
    if (!node) continue;
    if (node.kind === 'source') {
      if (entry.storeObject) node.execRelation = qualified(STORE_SCHEMA, entry.storeObject);
    } else if (entry.objectName && entry.dbtSchema !== null) {
      node.relation = qualified(input.schemaOf(entry.dbtSchema), entry.objectName);
    }
  }
}

function errorOutcome(message: string): Outcome {
  return { status: 'error', observed: null, threshold: '', failing_rows: null, message };
}
