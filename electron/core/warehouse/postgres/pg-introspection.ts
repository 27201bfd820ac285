import type { QueryCheck } from '../../tests/check-plan.js';
import { TestPlanError } from '../../tests/plan-checks.js';
import { renderExecuting } from '../../build/introspect.js';
import type { EngineConnection, QueryResult, QueryRows, SqlValue } from '../../engine/engine.js';

/**
 * A SQL test whose template reads `execute` or asks the database (dbt_expectations' column checks,
 * a generic test calling `adapter.get_columns_in_relation`) is rendered again, executing, with the
 * warehouse answering its questions (electron/core/build/introspect.ts), as on DuckDB: rendered
 * without them it would test nothing and pass.
 */
export async function executingQueryOnWarehouse(check: QueryCheck, conn: EngineConnection): Promise<{ countSql: string; rowsSql: string }> {
  if (!check.renderExecuting) return check;
  const outcome = await renderExecuting(check.renderExecuting, new DescribingConnection(conn));
  if (!outcome.ok) throw new TestPlanError(outcome.error.message);
  const rowsSql = outcome.sql.trim().replace(/;\s*$/, '');
  return { rowsSql, countSql: `SELECT coalesce(${check.failCalc ?? 'count(*)'}, 0) AS failing FROM (\n${rowsSql}\n) AS failing_rows` };
}

/**
 * The introspection asks for a relation's or a query's columns with DuckDB's `DESCRIBE`, which
 * PostgreSQL lacks: answered here from the columns of the same query with `LIMIT 0`, in the
 * shape DESCRIBE gives (`column_name`, `column_type`); anything else goes to the warehouse as written.
 */
class DescribingConnection implements EngineConnection {
  readonly dialect = 'postgres';

  constructor(private readonly inner: EngineConnection) {}

  async query(sql: string, params?: SqlValue[]): Promise<QueryResult> {
    const described = /^\s*DESCRIBE\s+([\s\S]+)$/i.exec(sql)?.[1];
    if (described === undefined) return this.inner.query(sql, params);
    const select = /^\s*(SELECT|WITH)\b/i.test(described) ? described : `SELECT * FROM ${described}`;
    const shape = await this.inner.query(`SELECT * FROM (\n${select}\n) AS described LIMIT 0`, params);
    if (!shape.ok) return shape;
    return {
      ok: true,
      columns: [{ name: 'column_name', type: 'VARCHAR' }, { name: 'column_type', type: 'VARCHAR' }],
      rows: shape.columns.map((c) => ({ column_name: c.name, column_type: c.type })),
    };
  }

  async *stream(sql: string, params?: SqlValue[]): AsyncIterable<QueryRows> {
    const result = await this.query(sql, params);
    if (!result.ok) throw new Error(result.error);
    yield result;
  }

  interrupt(): void {
    this.inner.interrupt();
  }

  async close(): Promise<void> {}
}
