import type { AggregateCheck } from './check-plan.js';
import type { TestTarget } from './test-target.js';

/** Rows at the head of a node in which the samples of all its failing checks are looked for first. */
const HEAD_ROWS = 10_000;
const CHECK = '__assay_check';

export interface SampleRequest {
  check: AggregateCheck;
  /** How many rows the check found failing. */
  failing: number;
}

/**
 * Some failing rows of each failed check. A query per check reads the node again each time (tens
 * of checks, tens of scans of a wide table's first row group); instead every check looks for its
 * samples in the same few thousand leading rows, in one query, and only a check whose failing
 * rows are rarer than that gets a query of its own.
 */
export async function sampleFailingRows(target: TestTarget, requests: SampleRequest[], sampleSize: number): Promise<Map<AggregateCheck, Record<string, unknown>[]>> {
  const samples = new Map<AggregateCheck, Record<string, unknown>[]>();
  const limit = Math.floor(sampleSize);
  if (limit <= 0) return samples;
  const wanted = requests.filter((r) => r.failing > 0 && r.check.failingRows);
  // A unique key's failing rows come from a distinct count over the whole node: no head has them.
  const fromHead = wanted.filter((r) => !r.check.uniqueKey);
  if (fromHead.length > 1) {
    const branches = fromHead.map((r, k) => `(SELECT ${k} AS ${CHECK}, * FROM head WHERE ${r.check.failingRows} LIMIT ${limit})`);
    const result = await target.conn.query(`WITH head AS MATERIALIZED (SELECT * FROM ${target.relation} LIMIT ${HEAD_ROWS})\n${branches.join('\nUNION ALL\n')}`);
    if (result.ok) {
      for (const { [CHECK]: k, ...row } of result.rows) {
        const check = (fromHead[Number(k)] as SampleRequest).check;
        samples.set(check, [...(samples.get(check) ?? []), row]);
      }
    }
  }
  for (const { check, failing } of wanted) {
    if ((samples.get(check)?.length ?? 0) >= Math.min(limit, failing)) continue;
    samples.set(check, await target.sample(`SELECT * FROM ${target.relation} WHERE ${check.failingRows}`, limit));
  }
  return samples;
}
