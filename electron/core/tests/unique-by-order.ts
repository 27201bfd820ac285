import { quoteIdentifier } from '../sql/sql-text.js';
import type { AggregateCheck } from './check-plan.js';
import type { AggregateValue, TestTarget } from './test-target.js';

export interface OrderMeasurement {
  values: Map<AggregateCheck, AggregateValue>;
  /** Checks the order did not prove: they take the distinct count. */
  rest: AggregateCheck[];
}

/**
 * A distinct count of a 10-million-value key costs several scans' worth of hashing, yet most keys
 * (surrogate keys, ids appended in order) are stored rising. Each value compared with the one
 * before it, in one streaming pass, proves a column unique when every value is greater than the
 * last (or every one smaller): a strictly monotone sequence has no repeats. Anything else, or a
 * pass that is not one unbroken sequence (more than one row without a predecessor), proves
 * nothing and falls back to the distinct count. The pass is single-threaded, so it runs on the
 * target's side connection, beside the node's other checks.
 */
export async function measureUniqueByOrder(target: TestTarget, checks: AggregateCheck[]): Promise<OrderMeasurement> {
  const values = new Map<AggregateCheck, AggregateValue>();
  const rest: AggregateCheck[] = [];
  for (const check of checks) {
    if (check.uniqueKey && !target.computed && (await isStrictlyMonotone(target, check.uniqueKey, check.test.where))) values.set(check, { ok: true, value: 0 });
    else rest.push(check);
  }
  return { values, rest };
}

async function isStrictlyMonotone(target: TestTarget, column: string, where: string | undefined): Promise<boolean> {
  const key = quoteIdentifier(column);
  const result = await target.sideConn.query(`SELECT count(*) AS n, count_if(prev IS NULL) AS firsts, count_if(k <= prev) AS not_rising, count_if(k >= prev) AS not_falling
    FROM (SELECT ${key} AS k, lag(${key}) OVER () AS prev FROM ${target.relation} WHERE (${where ?? 'TRUE'}) AND ${key} IS NOT NULL)`);
  const row = result.ok ? result.rows[0] : undefined;
  if (!row) return false;
  if (Number(row.n) === 0) return true;
  return Number(row.firsts) === 1 && (Number(row.not_rising) === 0 || Number(row.not_falling) === 0);
}
