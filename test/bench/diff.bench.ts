import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sqlString } from '../../electron/core/sql/sql-text.js';
import { diffRelations } from '../../electron/core/diff/relation-diff.js';
import type { EngineConnection } from '../../electron/core/engine/engine.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { benchRows } from './bench-project.js';
import { median, type BenchResult } from './bench-result.js';

/**
 * Two versions of a 10-column table with 1 % of rows changed: Assay's diff by key with per-column
 * counts, against a bare EXCEPT in both directions (the floor), on the same Parquet files.
 */
export async function run(): Promise<BenchResult[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'assay-diff-bench-'));
  const engine = await openEngine({ path: ':memory:' });
  const conn = await engine.connect();
  const cols = Array.from({ length: 9 }, (_, i) => `(hash(range, ${i}) % 100000)::BIGINT AS v${i}`);
  const base = path.join(dir, 'base.parquet');
  const compare = path.join(dir, 'compare.parquet');
  await must(conn.query(`COPY (SELECT range AS id, ${cols.join(', ')} FROM range(${benchRows})) TO ${sqlString(base)} (FORMAT parquet)`));
  await must(conn.query(`COPY (SELECT id, CASE WHEN id % 100 = 7 THEN v0 + 1 ELSE v0 END AS v0, * EXCLUDE (id, v0) FROM read_parquet(${sqlString(base)})) TO ${sqlString(compare)} (FORMAT parquet)`));
  const b = `read_parquet(${sqlString(base)})`;
  const c = `read_parquet(${sqlString(compare)})`;

  const floor = await median(3, () => conn.query(`SELECT (SELECT count(*) FROM (SELECT * FROM ${b} EXCEPT SELECT * FROM ${c})) AS removed, (SELECT count(*) FROM (SELECT * FROM ${c} EXCEPT SELECT * FROM ${b})) AS added`), true);
  let changed = 0;
  let phases: Phase[] = [];
  const assay = await median(3, async () => {
    const timed = timedQueries(conn);
    const diff = await diffRelations(timed.conn, b, c, { key: ['id'], tolerance: 0, sampleSize: 10 });
    changed = diff.rows.changed ?? 0;
    phases = timed.phases;
  }, true);
  // The diff's phases are its statements: which of them is the cost beside the floor's two scans.
  process.stderr.write(`diff by key, its statements (ms, last run):\n${phases.map((p) => `  ${String(Math.round(p.ms)).padStart(6)}  ${p.sql}`).join('\n')}\n`);
  await conn.close();
  await engine.close();
  return [{
    scenario: `diff by key with per-column counts (${benchRows.toLocaleString('en-US')} rows x 10 columns, 1% changed)`,
    ms: assay,
    baseline: { name: 'bare EXCEPT both directions', ms: floor },
    goal: 'within 2x of the floor',
    met: assay <= floor * 2,
    extra: { changed },
  }];
}

interface Phase {
  sql: string;
  ms: number;
}

/** The connection, with the time of each statement it runs recorded (its first line, shortened). */
function timedQueries(conn: EngineConnection): { conn: EngineConnection; phases: Phase[] } {
  const phases: Phase[] = [];
  const query: EngineConnection['query'] = async (sql, params) => {
    const started = performance.now();
    const result = await conn.query(sql, params);
    phases.push({ sql: sql.replace(/\s+/g, ' ').trim().slice(0, 100), ms: performance.now() - started });
    return result;
  };
  return { conn: { ...conn, query }, phases };
}

async function must(result: Promise<{ ok: boolean; error?: string }>): Promise<void> {
  const r = await result;
  if (!r.ok) throw new Error(r.error);
}
