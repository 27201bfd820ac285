import type { TestDeclaration } from '../../../../shared/project-types.js';
import type { TestResult } from '../../../../shared/test-types.js';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import { resultOf } from '../../tests/run-tests.js';
import type { WarehouseEntry } from './pg-catalog.js';
import type { PgWarehouse } from './pg-connection.js';
import { STORE_SCHEMA, qualified, quoteIdent } from './pg-names.js';

/** dbt's four built-in tests, written for PostgreSQL: each a query counting failing rows. */
const BUILT_IN = new Set(['not_null', 'unique', 'accepted_values', 'relationships']);
const SAMPLE_ROWS = 5;

export interface WarehouseTestInput {
  warehouse: PgWarehouse;
  compiled: CompiledProject;
  renderer: ProjectSqlRenderer;
  entries: Map<string, WarehouseEntry>;
  /** The schema an environment gives one of dbt's schemas. */
  schemaOf: (dbtSchema: string) => string;
  onResult?: (result: TestResult) => void;
}

/**
 * Runs the project's tests on an environment of the warehouse, as dbt does: a test's query returns
 * its failing rows. dbt's built-in tests, singular tests and generic tests written in Jinja run
 * there; Assay's own kinds (variation, anomaly, row_count, ...) run on DuckDB environments and are
 * reported here as errors, so a run on the warehouse never looks greener than it is.
 */
export async function runTestsOnWarehouse(input: WarehouseTestInput): Promise<TestResult[]> {
  pointRelationsAtEnvironment(input);
  const results = await Promise.all(input.compiled.project.tests.map(async (test) => {
    const started = Date.now();
    const { sample = [], ...outcome } = await runOne(input, test).catch((err: unknown) => errorOutcome(input.warehouse.error(err).message));
    const result = { ...resultOf(test, test.node, outcome, Date.now() - started), sample };
    input.onResult?.(result);
    return result;
  }));
  return results;
}

type Outcome = Parameters<typeof resultOf>[2] & { sample?: Record<string, unknown>[] };

async function runOne(input: WarehouseTestInput, test: TestDeclaration): Promise<Outcome> {
  if (test.problem) return errorOutcome(test.problem);
  const entry = input.entries.get(test.node);
  if (test.node && (!entry || !['built', 'reused'].includes(entry.status))) {
    return errorOutcome(`not run: ${test.node} ${entry ? `did not build (${entry.status}${entry.error ? `: ${entry.error}` : ''})` : 'is not in this environment'}`);
  }
  const failing = failingRowsSql(input, test);
  if (typeof failing !== 'string') return failing;
  const [counted] = await input.warehouse.query<{ failures: string }>(`SELECT count(*) AS failures FROM (\n${failing}\n) AS assay_failing`);
  const failures = Number(counted?.failures ?? 0);
  const status = failures === 0 ? 'pass' : test.severity === 'warn' ? 'warn' : 'fail';
  const sample = failures === 0 ? [] : await input.warehouse.query(`SELECT * FROM (\n${failing}\n) AS assay_failing LIMIT ${SAMPLE_ROWS}`);
  return { status, observed: failures, threshold: '!= 0', failing_rows: failures, message: failures === 0 ? null : `${failures} failing row${failures === 1 ? '' : 's'}`, sample };
}

function failingRowsSql(input: WarehouseTestInput, test: TestDeclaration): string | Outcome {
  if (test.warnIf || test.errorIf) return errorOutcome('warn_if and error_if are not applied on PostgreSQL targets yet');
  if (test.sql !== undefined) {
    const rendered = input.renderer.render(test.sql, test.location.file, { nodeName: test.node, absolute: true });
    return rendered.ok ? rendered.sql.trim().replace(/;\s*$/, '') : errorOutcome(rendered.error.message);
  }
  if (!BUILT_IN.has(test.kind)) return errorOutcome(`${test.kind} tests run on DuckDB environments; on PostgreSQL targets only dbt's tests (not_null, unique, accepted_values, relationships, singular and generic SQL tests) run yet`);
  const node = input.compiled.nodes.get(test.node);
  if (!node) return errorOutcome(`the test is declared on '${test.node}', which is not a node of this project`);
  const base = node.kind === 'source' ? (node.execRelation ?? node.relation) : node.relation;
  const relation = test.where ? `(SELECT * FROM ${base} WHERE ${test.where}) AS assay_where` : base;
  const column = test.column === undefined ? null : quoteIdent(test.column);
  if (!column) return errorOutcome(`${test.kind} needs a column`);
  switch (test.kind) {
    case 'not_null':
      return `SELECT * FROM ${relation} WHERE ${column} IS NULL`;
    case 'unique':
      return `SELECT ${column} AS unique_field, count(*) AS n_records FROM ${relation} WHERE ${column} IS NOT NULL GROUP BY ${column} HAVING count(*) > 1`;
    case 'accepted_values': {
      const values = Array.isArray(test.args.values) ? test.args.values : null;
      if (!values) return errorOutcome('accepted_values needs values: [...]');
      const quoted = test.args.quote !== false;
      const list = values.map((v) => (quoted ? `'${String(v).replaceAll("'", "''")}'` : String(v))).join(', ');
      return `SELECT ${column} AS value_field, count(*) AS n_records FROM ${relation} WHERE ${column} IS NOT NULL AND ${quoted ? `${column}::text` : column} NOT IN (${list}) GROUP BY ${column}`;
    }
    case 'relationships': {
      const to = typeof test.args.to === 'string' ? input.renderer.render(`{{ ${test.args.to} }}`, test.location.file, { nodeName: test.node, absolute: true }) : null;
      const field = typeof test.args.field === 'string' ? quoteIdent(test.args.field) : null;
      if (!to || !to.ok || !field) return errorOutcome(`relationships needs to: ref('...') and field: (${to && !to.ok ? to.error.message : 'missing'})`);
      return `SELECT child.${column} AS from_field FROM ${relation} AS child LEFT JOIN ${to.sql.trim()} AS parent ON child.${column} = parent.${field} WHERE child.${column} IS NOT NULL AND parent.${field} IS NULL`;
    }
  }
  return errorOutcome(`unknown test kind ${test.kind}`);
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
