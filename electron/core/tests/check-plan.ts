import type { Introspection } from '../dbt/context/introspection.js';
import type { RenderOutcome } from '../dbt/dbt-runtime.js';
import type { TestDeclaration } from '../../../shared/project-types.js';

/**
 * How one test is measured. Row-level checks of a model are aggregates (`count_if(...)`) so that
 * all of them run in one scan, or over one histogram per column; the rest run as their own query.
 */
export type TestCheck = AggregateCheck | QueryCheck | VariationCheck | AnomalyCheck | SchemaCheck;

export interface AggregateCheck {
  type: 'aggregate';
  test: TestDeclaration;
  /** An aggregate over the node's relation, e.g. `count(*) FILTER (WHERE "id" IS NULL)`. */
  aggregate: string;
  /** What the aggregate's value means. */
  measures: 'failing_rows' | 'row_count' | 'newest';
  /** A row predicate selecting the failing rows, for samples and exports. */
  failingRows?: string;
  /** The column the test is about: when `failingRows` reads only it, a histogram of it can answer the check. */
  column?: string;
  /** The column a `unique` test is about: values that only rise (or only fall) prove it without a distinct count. */
  uniqueKey?: string;
}

export interface QueryCheck {
  type: 'query';
  test: TestDeclaration;
  /** Returns one row with one column `failing`: the number of failing rows. */
  countSql: string;
  /** Returns the failing rows themselves (for samples and exports). */
  rowsSql: string;
  /** How failing rows are counted (dbt's `fail_calc`), when not `count(*)`. */
  failCalc?: string;
  /**
   * Set when the test's template reads `execute` or asks the database (dbt_expectations' column
   * checks do): it is rendered again, executing, against the environment before it runs.
   */
  renderExecuting?: (introspection: Introspection) => RenderOutcome;
}

export interface VariationCheck {
  type: 'variation';
  test: TestDeclaration;
}

/** An anomaly test (run-anomaly.ts): its metric per bucket or per run, scored against its own history. */
export interface AnomalyCheck {
  type: 'anomaly';
  test: TestDeclaration;
}

export interface SchemaCheck {
  type: 'schema';
  test: TestDeclaration;
}
