import type { ColumnProfile, ColumnType, ModelDiff } from '../../../shared/diff-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { isNumeric, q, trimValue } from './diff-sql.js';

/**
 * Aggregates profiling every column (null share, distinct count, min, max, mean), written so they
 * can ride along in a query that scans the rows anyway: `alias` names the side in a join, and
 * `present` says which rows belong to that side.
 */
export function profileAggregates(cols: ColumnType[], prefix: string, alias: string | null, present: string): string[] {
  return cols.flatMap((c, i) => {
    const col = alias ? `${alias}.${q(c.name)}` : q(c.name);
    const sortable = !/^(STRUCT|MAP|UNION)|\[\]$/i.test(c.type);
    return [
      `count_if(${present} AND ${col} IS NULL) * 100.0 / greatest(count_if(${present}), 1) AS ${prefix}n${i}`,
      // HyperLogLog: exact distinct counts of every column would cost more than the diff itself.
      `approx_count_distinct(${col}) AS ${prefix}d${i}`,
      sortable ? `min(${col})::VARCHAR AS ${prefix}lo${i}` : `NULL AS ${prefix}lo${i}`,
      sortable ? `max(${col})::VARCHAR AS ${prefix}hi${i}` : `NULL AS ${prefix}hi${i}`,
      isNumeric(c.type) ? `avg(${col})::DOUBLE AS ${prefix}m${i}` : `NULL AS ${prefix}m${i}`,
    ];
  });
}

export function readProfiles(row: Record<string, SqlValue>, cols: ColumnType[], prefix: string): Map<string, ColumnProfile> {
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10000) / 10000);
  return new Map(cols.map((c, i) => [c.name, {
    null_pct: num(row[`${prefix}n${i}`]),
    distinct: row[`${prefix}d${i}`] === null || row[`${prefix}d${i}`] === undefined ? null : Number(row[`${prefix}d${i}`]),
    min: trimValue(row[`${prefix}lo${i}`] ?? null) as string | null,
    max: trimValue(row[`${prefix}hi${i}`] ?? null) as string | null,
    mean: num(row[`${prefix}m${i}`]),
  }]));
}

export function mergeProfiles(baseCols: ColumnType[], compareCols: ColumnType[], base: Map<string, ColumnProfile>, compare: Map<string, ColumnProfile>): ModelDiff['profile'] {
  const names = [...new Set([...baseCols.map((x) => x.name), ...compareCols.map((x) => x.name)])];
  return Object.fromEntries(names.map((n) => [n, { base: base.get(n) ?? null, compare: compare.get(n) ?? null }]));
}

/** Profiles of both sides in their own scans, for diffs that do not join the rows. */
export async function profileSeparately(conn: EngineConnection, base: string, compare: string, baseCols: ColumnType[], compareCols: ColumnType[]): Promise<ModelDiff['profile']> {
  const side = async (relation: string, cols: ColumnType[]) => {
    if (cols.length === 0) return new Map<string, ColumnProfile>();
    const result = await conn.query(`SELECT ${profileAggregates(cols, 'p', null, 'TRUE').join(', ')} FROM ${relation}`);
    if (!result.ok) throw new Error(result.error);
    return readProfiles(result.rows[0] ?? {}, cols, 'p');
  };
  return mergeProfiles(baseCols, compareCols, await side(base, baseCols), await side(compare, compareCols));
}

/** Rows, distinct keys and rows with a NULL in the key, on one side. */
export interface KeyStats {
  rows: number;
  distinct: number;
  nulls: number;
}

export async function keyStats(conn: EngineConnection, relation: string, key: string[]): Promise<KeyStats> {
  const result = await conn.query(`SELECT count(*) AS n, count(DISTINCT row(${key.map(q).join(', ')})) AS d, count_if(${key.map((k) => `${q(k)} IS NULL`).join(' OR ')}) AS nulls FROM ${relation}`);
  if (!result.ok) throw new Error(result.error);
  const row = result.rows[0] ?? {};
  return { rows: Number(row.n), distinct: Number(row.d), nulls: Number(row.nulls) };
}
