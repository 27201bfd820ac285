import type { TestDeclaration } from '../../../../shared/project-types.js';
import type { TestResult } from '../../../../shared/test-types.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import { evaluateAggregate } from '../../tests/evaluate-check.js';
import { planCheck, TestPlanError } from '../../tests/plan-checks.js';
import { runVariation, variationOutcome } from '../../tests/run-variation.js';
import { runAnomaly } from '../../tests/run-anomaly.js';
import { anomalyOutcome } from '../../tests/anomaly-result.js';
import { anomalyKinds } from '../../tests/anomaly-spec.js';
import { checkSchema } from '../../tests/schema-check.js';
import { UNIT_TEST_KIND } from '../../unit-tests/declare-unit-tests.js';
import { envNameForBranch } from '../../env/assay-paths.js';
import { PgEngineConnection } from './pg-engine-connection.js';
import { relationResolver } from '../../tests/relation-of.js';
import { resultOf } from '../../tests/run-tests.js';
import { readWarehouseCatalog, readWarehouseEnvironment, type WarehouseEntry } from './pg-catalog.js';
import { connectionConfig, type PgWarehouse } from './pg-connection.js';
import { STORE_SCHEMA, environmentSchemaOf, qualified } from './pg-names.js';
import { WarehouseRunHistory, historyEntryOf } from './pg-run-history.js';
import { executingQueryOnWarehouse } from './pg-introspection.js';

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
 * rows (with `fail_calc`, `warn_if`, `error_if`), failing rows sampled; `schema` tests on the
 * columns and types PostgreSQL reports for the environment's relation; variation tests against the
 * previous period, the baseline branch's environment there, or the previous run; anomaly tests per
 * time bucket, or per run. The run history those last read is the warehouse's own
 * (`assay_meta.test_runs`, pg-run-history.ts), shared by everyone testing that environment of that
 * server: the run is appended to it at the end, and a failure to record it rejects the run, naming
 * the table (the results were passed to `onResult` already). dbt unit tests run in memory on DuckDB,
 * never here: each is reported as an error saying so, so a run on the warehouse never looks greener
 * than it is.
 */
export async function runTestsOnWarehouse(input: WarehouseTestInput): Promise<TestResult[]> {
  pointRelationsAtEnvironment(input);
  const tests = input.compiled.project.tests;
  const history = await WarehouseRunHistory.open(input.warehouse, { testIds: tests.filter(readsHistory).map((t) => t.id) });
  const results = await Promise.all(tests.map(async (test) => {
    const started = Date.now();
    const { sample = [], extra = {}, ...outcome } = await runOne(input, test, history).catch((err: unknown) => errorOutcome(input.warehouse.error(err).message));
    const result = { ...resultOf(test, test.node, outcome, Date.now() - started), sample, ...extra };
    input.onResult?.(result);
    return result;
  }));
  const environment = await readWarehouseEnvironment(input.warehouse, input.env);
  await history.append({ at: new Date().toISOString(), branch: environment?.branch ?? null, commit: environment?.commit ?? null, env: input.env, tests: results.map(historyEntryOf) });
  return results;
}

async function runOne(input: WarehouseTestInput, test: TestDeclaration, history: WarehouseRunHistory): Promise<Outcome> {
  if (test.problem) return errorOutcome(test.problem);
  if (test.kind === UNIT_TEST_KIND) {
    return errorOutcome(`${test.id}: dbt unit tests run in memory on DuckDB, not on a warehouse target: run them with \`assay test --unit\` on a DuckDB target`);
  }
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
  // A mistake in the test's declaration is said as it is (withClient wraps it); anything else is the warehouse's, naming the target.
  const failed = (err: unknown) => {
    const plan = err instanceof TestPlanError ? err : err instanceof Error && err.cause instanceof TestPlanError ? err.cause : null;
    return errorOutcome(plan ? plan.message : input.warehouse.error(err).message);
  };
  const withConnection = <T>(work: (conn: PgEngineConnection) => Promise<T>) => input.warehouse.withClient((client) => work(PgEngineConnection.over(client, connectionConfig(input.warehouse.target))));
  const onConnection = (work: (conn: PgEngineConnection) => Promise<Outcome>) => withConnection(work).catch(failed);
  switch (check.type) {
    case 'aggregate': {
      const [row] = await input.warehouse.query<{ value: unknown }>(`SELECT ${check.aggregate} AS value FROM ${relation}`);
      const evaluated = evaluateAggregate(check, row?.value ?? null);
      const sample = evaluated.failing_rows && check.failingRows ? await sampled(`SELECT * FROM ${relation} WHERE ${check.failingRows}`) : [];
      return { ...evaluated, sample };
    }
    case 'query': {
      const queried = async (): Promise<Outcome> => {
        const { countSql, rowsSql } = check.renderExecuting ? await withConnection((conn) => executingQueryOnWarehouse(check, conn)) : check;
        const [row] = await input.warehouse.query<{ failing: unknown }>(countSql);
        const evaluated = evaluateAggregate({ type: 'aggregate', test, aggregate: '', measures: 'failing_rows' }, row?.failing ?? null);
        return { ...evaluated, sample: evaluated.failing_rows ? await sampled(rowsSql) : [] };
      };
      return queried().catch(failed);
    }
    case 'schema':
      return warehouseColumns(input.warehouse, relation, test).then((columns) => checkSchema(test, columns)).catch(failed);
    case 'variation':
      return onConnection(async (conn) => variationOutcome(await runVariation(test, { conn, relation, env: input.env, history, baselineRelation: () => baselineRelation(input, test) })));
    case 'anomaly':
      return onConnection(async (conn) => {
        const shape = await conn.query(`SELECT * FROM ${relation} LIMIT 0`);
        if (!shape.ok) throw new Error(shape.error);
        // A view reads through to what may change under it (a table someone else loads): as a local view, it is measured every run.
        const dataVersion = entry?.materialization === 'view' ? null : (entry?.storeObject ?? null);
        return anomalyOutcome(await runAnomaly(test, { conn, relation, columns: shape.columns, history, env: input.env, dataVersion }));
      });
  }
}

/** The tests whose outcome depends on earlier runs: only their part of the run history is read. */
function readsHistory(test: TestDeclaration): boolean {
  if (test.kind === 'variation') return test.args.compare_to === 'previous_run';
  return anomalyKinds.has(test.kind) && (test.args.timestamp_column === undefined || test.args.timestamp_column === null);
}

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

/**
 * The columns of a relation on the warehouse, for a `schema` test: a column has the expected type
 * when that is any of its names there (`numeric(12,2)`, `numeric`, `character varying(20)`,
 * `varchar`, `int4`, `integer`) or the name DuckDB gives that type (`DECIMAL(12,2)`, `VARCHAR`,
 * `INTEGER`), so a portable project's schema tests hold on both engines; otherwise it is named as
 * PostgreSQL writes it, with DuckDB's name beside it when that differs (`numeric (DECIMAL)`).
 */
async function warehouseColumns(warehouse: PgWarehouse, relation: string, test: TestDeclaration): Promise<{ name: string; type: string }[]> {
  return warehouse.withClient(async (client) => {
    const shape = await client.query(`SELECT * FROM ${relation} LIMIT 0`);
    const asDuckdb = await PgEngineConnection.over(client, connectionConfig(warehouse.target)).query(`SELECT * FROM ${relation} LIMIT 0`);
    const fields = shape.fields;
    const names = await client.query<{ full: string; base: string; typname: string }>(
      `SELECT format_type(u.oid, u.typmod) AS full, format_type(u.oid, NULL) AS base, t.typname
       FROM unnest($1::oid[], $2::int[]) WITH ORDINALITY AS u(oid, typmod, k) JOIN pg_type t ON t.oid = u.oid ORDER BY u.k`,
      [fields.map((f) => f.dataTypeID), fields.map((f) => f.dataTypeModifier)],
    );
    return fields.map((field, i) => {
      const pgName = names.rows[i]?.full ?? 'unknown';
      const duckdbName = asDuckdb.ok ? (asDuckdb.columns[i]?.type ?? pgName) : pgName;
      const aliases = [pgName, names.rows[i]?.base, names.rows[i]?.typname, duckdbName].filter((n): n is string => Boolean(n));
      const expected = expectedTypeOf(test, field.name);
      const matches = expected !== null && aliases.some((alias) => sameType(alias, expected));
      return { name: field.name, type: matches ? (expected as string) : sameType(pgName, duckdbName) ? pgName : `${pgName} (${duckdbName})` };
    });
  });
}

/** The type a schema test expects of a column, as schema-check.ts reads `columns:` (a mapping, or a list of names or {name, type}). */
function expectedTypeOf(test: TestDeclaration, column: string): string | null {
  const raw = test.args.columns;
  const pairs: [string, unknown][] = Array.isArray(raw)
    ? raw.map((c) => (typeof c === 'string' ? [c, null] : [String((c as { name?: unknown })?.name), (c as { type?: unknown })?.type]))
    : raw && typeof raw === 'object' ? Object.entries(raw) : [];
  const found = pairs.find(([name]) => name.toLowerCase() === column.toLowerCase());
  return found?.[1] ? String(found[1]) : null;
}

function sameType(a: string, b: string): boolean {
  const norm = (t: string) => t.toLowerCase().replace(/\s+/g, ' ').replace(/\s*([(),])\s*/g, '$1').trim();
  return norm(a) === norm(b);
}
