import { quoteIdentifier } from '../sql/sql-text.js';
import type { AggregateCheck } from './check-plan.js';
import type { AggregateValue, TestTarget } from './test-target.js';

export interface OrderMeasurement {
  values: Map<AggregateCheck, AggregateValue>;
  /** Checks the order did not prove: they take the distinct count. */
  rest: AggregateCheck[];
  ms: number;
}

/** Leading values looked at first, to tell a key stored in order from one that is not. */
const HEAD_VALUES = 100_000;
/** Cuts allowed in those leading values (2 %): more, and the key is not worth a pass. */
const HEAD_CUTS = 2_000;
const INTEGER_TYPES = new Set(['TINYINT', 'SMALLINT', 'INTEGER', 'BIGINT', 'HUGEINT', 'UTINYINT', 'USMALLINT', 'UINTEGER', 'UBIGINT', 'UHUGEINT']);

/**
 * A distinct count of a 10-million-value key costs several scans' worth of hashing, yet most keys
 * (surrogate keys, ids appended in order) are stored in order, or in order within the batches a
 * parallel write interleaved. One streaming pass compares each value with its neighbours and cuts
 * the values into pieces that strictly rise (or strictly fall): values inside a piece never
 * repeat, so when no two pieces' ranges overlap, no value repeats at all. An integer key is
 * also cut wherever it skips a value (unless that makes too many pieces), so that each piece is a
 * whole interval and interleaved batches do not overlap. Anything else proves nothing and falls
 * back to the distinct count. The pass is single-threaded, so it runs on the target's side
 * connection, beside the node's other checks. Views are left to the distinct count: each query
 * runs a view again, and a second run cost as much as the count saved.
 */
export async function measureUniqueByOrder(target: TestTarget, checks: AggregateCheck[]): Promise<OrderMeasurement> {
  const started = performance.now();
  const values = new Map<AggregateCheck, AggregateValue>();
  const rest: AggregateCheck[] = [];
  for (const check of checks) {
    if (check.uniqueKey && !target.computed && (await isUniqueByOrder(target, check.uniqueKey, check.test.where))) values.set(check, { ok: true, value: 0 });
    else rest.push(check);
  }
  return { values, rest, ms: performance.now() - started };
}

type Cut = (value: string, before: string) => string;

async function isUniqueByOrder(target: TestTarget, column: string, where: string | undefined): Promise<boolean> {
  const key = quoteIdentifier(column);
  const integer = INTEGER_TYPES.has(target.columns.find((c) => c.name === column)?.type ?? '');
  const keys = `SELECT ${key} AS k FROM ${target.relation} WHERE (${where ?? 'TRUE'}) AND ${key} IS NOT NULL`;
  // Where a piece ends: `value` does not go on from `before` in the piece's direction (or skips one).
  const turns = { rising: (v: string, b: string) => `(${v} <= ${b})`, falling: (v: string, b: string) => `(${v} >= ${b})` };
  const skips = { rising: (v: string, b: string) => `(${v} <= ${b} OR ${v} > ${b} + 1)`, falling: (v: string, b: string) => `(${v} >= ${b} OR ${v} + 1 < ${b})` };
  const cuts: [string, Cut][] = [['rising_turns', turns.rising], ['falling_turns', turns.falling], ...(integer ? ([['rising_skips', skips.rising], ['falling_skips', skips.falling]] as [string, Cut][]) : [])];
  const head = await target.sideConn.query(`SELECT ${cuts.map(([name, cut]) => `count_if(${cut('k', 'prev')}) AS ${name}`).join(', ')}
    FROM (SELECT k, lag(k) OVER () AS prev FROM (${keys} LIMIT ${HEAD_VALUES}))`);
  const row = head.ok ? head.rows[0] : undefined;
  if (!row) return false;
  const count = (name: string) => Number(row[name] ?? Infinity);
  const direction = count('rising_turns') <= count('falling_turns') ? 'rising' : 'falling';
  // Finer pieces prove all that coarser ones do: cut at skipped values too, unless that makes too many.
  if (integer && count(`${direction}_skips`) <= HEAD_CUTS) return piecesApart(target, keys, skips[direction]);
  return count(`${direction}_turns`) <= HEAD_CUTS && piecesApart(target, keys, turns[direction]);
}

/** Do the pieces `cut` makes of the key's values cover ranges that never overlap? */
async function piecesApart(target: TestTarget, keys: string, cut: Cut): Promise<boolean> {
  const result = await target.sideConn.query(`WITH sequence AS (
      SELECT k, lag(k) OVER () AS prev, lead(k) OVER () AS next, row_number() OVER () AS rn FROM (${keys})
    ), ends AS (
      SELECT rn, k, (prev IS NULL OR ${cut('k', 'prev')}) AS starts_piece FROM sequence
      WHERE prev IS NULL OR ${cut('k', 'prev')} OR next IS NULL OR ${cut('next', 'k')}
    ), ranges AS (
      SELECT min(k) AS low, max(k) AS high FROM (SELECT k, sum(starts_piece::INTEGER) OVER (ORDER BY rn) AS piece FROM ends) GROUP BY piece
    )
    SELECT count_if(high >= next_low) AS overlapping FROM (SELECT low, high, lead(low) OVER (ORDER BY low) AS next_low FROM ranges)`);
  const verdict = result.ok ? result.rows[0] : undefined;
  return verdict !== undefined && Number(verdict.overlapping) === 0;
}
