import type { TestDeclaration } from '../../../shared/project-types.js';
import type { ProjectSqlRenderer, SqlRenderOptions } from '../compile/project-renderer.js';
import type { Introspection } from '../dbt/context/introspection.js';
import { quoteIdentifier as quoteIdent, sqlLiteral } from '../sql/sql-text.js';
import type { TestCheck } from './check-plan.js';
import type { AdapterType } from '../dbt/adapter-type.js';

export interface PlanContext {
  /** The SQL relation of the tested node (`"dim_customer"`, or a source's `read_csv(...)`). */
  relation: string;
  renderer: ProjectSqlRenderer;
  /** Resolves `ref('x')`, `source('a','b')` or a bare model name written in a test's arguments. */
  relationOf(expression: string): string;
  /** The engine the checks run on: DuckDB's SQL unless a warehouse target's is asked for. */
  dialect?: AdapterType;
}

/** count_if evaluates about twice as fast as count(*) FILTER (WHERE ...) in DuckDB 1.5; PostgreSQL has only the latter. */
function countIf(condition: string, dialect: AdapterType | undefined): string {
  return dialect === 'postgres' ? `count(*) FILTER (WHERE ${condition})` : `count_if(${condition})`;
}

export class TestPlanError extends Error {}

/** Turns a declared test into how it is measured; a malformed declaration throws a TestPlanError. */
export function planCheck(test: TestDeclaration, ctx: PlanContext): TestCheck {
  const col = test.column ?? stringArg(test, 'column_name', false) ?? stringArg(test, 'column', false);
  const column = () => {
    if (!col) throw new TestPlanError(`${test.kind} needs a column: declare it under a column, or give column_name`);
    return quoteIdent(col);
  };
  const where = test.where ? `(${test.where})` : 'TRUE';
  const failing = (predicate: string): TestCheck => ({
    type: 'aggregate', test, measures: 'failing_rows',
    aggregate: countIf(`${where} AND (${predicate})`, ctx.dialect),
    failingRows: `${where} AND (${predicate})`,
    ...(col ? { column: col } : {}),
  });
  switch (test.kind) {
    case 'not_null':
      if (test.where) return failing(`${column()} IS NULL`);
      // Without a `where`, two counts answer it, and DuckDB reads those from Parquet statistics:
      // cheaper than any histogram, so it names no column for one.
      return { type: 'aggregate', test, measures: 'failing_rows', aggregate: `count(*) - count(${column()})`, failingRows: `${column()} IS NULL` };
    case 'accepted_values': {
      const values = test.args.values;
      if (!Array.isArray(values) || values.length === 0) throw new TestPlanError('accepted_values needs a non-empty list under values:');
      const quote = test.args.quote !== false;
      const list = values.map((v) => (quote ? sqlLiteral(String(v)) : String(v))).join(', ');
      return failing(`${column()} IS NOT NULL AND ${quote ? `${column()}::VARCHAR` : column()} NOT IN (${list})`);
    }
    case 'range': {
      const min = numberArg(test, 'min');
      const max = numberArg(test, 'max');
      if (min === undefined && max === undefined) throw new TestPlanError('range needs min:, max: or both');
      const parts = [min !== undefined ? `${column()} < ${min}` : null, max !== undefined ? `${column()} > ${max}` : null].filter(Boolean);
      return failing(parts.join(' OR '));
    }
    case 'expression': {
      const expression = stringArg(test, 'expression', true) as string;
      // dbt_utils style on a column: `expression: "> 0"` applies to that column.
      const full = col && /^\s*(?:[<>=!]|in\b|between\b|is\b|not\b|like\b)/i.test(expression) ? `${column()} ${expression}` : expression;
      return failing(`NOT (${full})`);
    }
    case 'unique':
      return { type: 'aggregate', test, measures: 'failing_rows', uniqueKey: col as string, aggregate: `count(${column()}) FILTER (WHERE ${where}) - count(DISTINCT ${column()}) FILTER (WHERE ${where})`, failingRows: `${where} AND ${column()} IN (SELECT ${column()} FROM ${ctx.relation} WHERE ${where} GROUP BY ${column()} HAVING count(*) > 1)` };
    case 'unique_combination': {
      const cols = listArg(test, 'columns') ?? listArg(test, 'combination_of_columns');
      if (!cols?.length) throw new TestPlanError('unique_combination needs a list under columns:');
      const tuple = `(${cols.map(quoteIdent).join(', ')})`;
      const struct = `row${tuple}`;
      return { type: 'aggregate', test, measures: 'failing_rows', aggregate: `count(*) FILTER (WHERE ${where}) - count(DISTINCT ${struct}) FILTER (WHERE ${where})`, failingRows: `${where} AND ${tuple} IN (SELECT ${tuple} FROM ${ctx.relation} WHERE ${where} GROUP BY ${cols.map(quoteIdent).join(', ')} HAVING count(*) > 1)` };
    }
    case 'row_count':
      if (numberArg(test, 'min') === undefined && numberArg(test, 'max') === undefined) throw new TestPlanError('row_count needs min:, max: or both');
      return { type: 'aggregate', test, measures: 'row_count', aggregate: countIf(where, ctx.dialect) };
    case 'freshness':
      stringArg(test, 'max_age', true);
      return { type: 'aggregate', test, measures: 'newest', aggregate: ctx.dialect === 'postgres' ? `extract(epoch from max(${column()}) FILTER (WHERE ${where}))` : `epoch(max(${column()}) FILTER (WHERE ${where}))` };
    case 'relationships': {
      const to = ctx.relationOf(stringArg(test, 'to', true) as string);
      const field = quoteIdent(stringArg(test, 'field', true) as string);
      const rowsSql = `SELECT * FROM ${ctx.relation} AS child WHERE ${where} AND child.${column()} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${to} AS parent WHERE parent.${field} = child.${column()})`;
      return { type: 'query', test, rowsSql, countSql: `SELECT count(*) AS failing FROM (${rowsSql}) AS failing_rows` };
    }
    case 'singular':
      return queryTest(test, ctx);
    case 'variation':
      return { type: 'variation', test };
    case 'volume_anomalies':
    case 'freshness_anomalies':
    case 'column_anomalies':
      return { type: 'anomaly', test };
    case 'schema':
      return { type: 'schema', test };
    default:
      // A generic test written in Jinja (compile resolved its macro into test.sql) runs like a singular test.
      if (test.sql !== undefined) return queryTest(test, ctx);
      throw new TestPlanError(`unknown test kind '${test.kind}'`);
  }
}

/** A test whose SQL returns its failing rows: singular tests, and generic tests written in Jinja. */
function queryTest(test: TestDeclaration, ctx: PlanContext): TestCheck {
  const render = (options: Pick<SqlRenderOptions, 'execute' | 'introspection'> = {}) => ctx.renderer.render(test.sql ?? '', test.location.file, { absolute: true, ...options });
  const rendered = render();
  if (!rendered.ok) throw new TestPlanError(rendered.error.message);
  const rowsSql = rendered.sql.trim().replace(/;\s*$/, '');
  const renderExecuting = rendered.capture.usesExecute ? (introspection: Introspection) => render({ execute: true, introspection }) : undefined;
  // A dbt test may say how its rows count as failures (`config(fail_calc='sum(diff_count)')`); count(*) otherwise.
  const failCalc = typeof rendered.capture.config.fail_calc === 'string' ? rendered.capture.config.fail_calc : 'count(*)';
  return { type: 'query', test, rowsSql, countSql: `SELECT coalesce(${failCalc}, 0) AS failing FROM (\n${rowsSql}\n) AS failing_rows`, failCalc, renderExecuting };
}

function stringArg(test: TestDeclaration, name: string, required: boolean): string | undefined {
  const value = test.args[name];
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (required) throw new TestPlanError(`${test.kind} needs ${name}:`);
  return undefined;
}

function numberArg(test: TestDeclaration, name: string): number | undefined {
  const value = test.args[name];
  if (value === undefined || value === null) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new TestPlanError(`${test.kind}: ${name} must be a number, not '${String(value)}'`);
  return n;
}

function listArg(test: TestDeclaration, name: string): string[] | undefined {
  const value = test.args[name];
  return Array.isArray(value) ? value.map(String) : undefined;
}
