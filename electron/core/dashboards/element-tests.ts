import type { ElementTestResult } from '../../../shared/dashboard-types.js';
import type { TestDeclaration } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import type { EngineConnection } from '../engine/engine.js';
import type { ScalarParam } from '../engine/params.js';
import { evaluateAggregate, type Evaluated } from '../tests/evaluate-check.js';
import { planCheck, TestPlanError } from '../tests/plan-checks.js';
import { checkSchema } from '../tests/schema-check.js';

/** What the checks read: the element's query with its placeholders numbered, and the values bound to them. */
export interface BoundQuery {
  sql: string;
  params: ScalarParam[];
  columns: { name: string; type: string }[];
}

const cannotReadNodes = (): never => {
  throw new TestPlanError('a dashboard test reads only its element: tests that read other nodes belong on the models');
};
const noRefs: ProjectSqlRenderer = { render: cannotReadNodes };

/**
 * Runs the tests declared under an element on its whole result (the query as a subquery, its
 * parameters bound as values again). Row checks, `row_count` and `schema` are supported; tests that
 * compare with other nodes or baselines (relationships, variation) belong on the models.
 */
export async function runElementTests(conn: EngineConnection, tests: TestDeclaration[], query: BoundQuery): Promise<ElementTestResult[]> {
  const results: ElementTestResult[] = [];
  const relation = `(\n${query.sql}\n) AS assay_element`;
  for (const test of tests) {
    let outcome: Evaluated;
    try {
      outcome = await runOne(conn, test, relation, query);
    } catch (err) {
      outcome = { status: 'error', observed: null, threshold: '', failing_rows: null, message: err instanceof Error ? err.message : String(err) };
    }
    results.push({ id: test.id, kind: test.kind, severity: test.severity, status: outcome.status, observed: outcome.observed, threshold: outcome.threshold, failing_rows: outcome.failing_rows, message: outcome.message });
  }
  return results;
}

async function runOne(conn: EngineConnection, test: TestDeclaration, relation: string, query: BoundQuery): Promise<Evaluated> {
  if (test.problem) throw new TestPlanError(test.problem);
  if (test.kind === 'schema') return checkSchema(test, query.columns);
  const check = planCheck(test, { relation, renderer: noRefs, relationOf: cannotReadNodes, dialect: conn.dialect });
  if (check.type !== 'aggregate') throw new TestPlanError(`${test.kind} tests are not supported on dashboard elements: declare them on the model`);
  const result = await conn.query(`SELECT ${check.aggregate} AS value FROM ${relation}`, query.params);
  if (!result.ok) throw new Error(result.error);
  return evaluateAggregate(check, result.rows[0]?.value ?? null);
}
