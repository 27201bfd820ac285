import type { ColumnProfile, ColumnType, ModelDiff } from '../../../shared/diff-types.js';
import type { EngineConnection } from '../engine/engine.js';
import { isNumeric, q, trimValue } from './diff-sql.js';

/** Null share, distinct count, min, max and mean of every column, one scan per side. */
export async function profileColumns(conn: EngineConnection, base: string, compare: string, baseCols: ColumnType[], compareCols: ColumnType[]): Promise<ModelDiff['profile']> {
  const [b, c] = [await profileSide(conn, base, baseCols), await profileSide(conn, compare, compareCols)];
  const names = [...new Set([...baseCols.map((x) => x.name), ...compareCols.map((x) => x.name)])];
  return Object.fromEntries(names.map((n) => [n, { base: b.get(n) ?? null, compare: c.get(n) ?? null }]));
}

async function profileSide(conn: EngineConnection, relation: string, cols: ColumnType[]): Promise<Map<string, ColumnProfile>> {
  if (cols.length === 0) return new Map();
  const aggregates = cols.flatMap((c, i) => {
    const col = q(c.name);
    const sortable = !/^(STRUCT|MAP|UNION)|\[\]$/i.test(c.type);
    return [
      `count(*) FILTER (WHERE ${col} IS NULL) * 100.0 / greatest(count(*), 1) AS n${i}`,
      `count(DISTINCT ${col}) AS d${i}`,
      sortable ? `min(${col})::VARCHAR AS lo${i}` : `NULL AS lo${i}`,
      sortable ? `max(${col})::VARCHAR AS hi${i}` : `NULL AS hi${i}`,
      isNumeric(c.type) ? `avg(${col})::DOUBLE AS m${i}` : `NULL AS m${i}`,
    ];
  });
  const result = await conn.query(`SELECT ${aggregates.join(', ')} FROM ${relation}`);
  if (!result.ok) throw new Error(result.error);
  const row = result.rows[0] ?? {};
  const num = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v) * 10000) / 10000);
  return new Map(cols.map((c, i) => [c.name, {
    null_pct: num(row[`n${i}`]),
    distinct: row[`d${i}`] === null ? null : Number(row[`d${i}`]),
    min: trimValue(row[`lo${i}`] ?? null) as string | null,
    max: trimValue(row[`hi${i}`] ?? null) as string | null,
    mean: num(row[`m${i}`]),
  }]));
}
