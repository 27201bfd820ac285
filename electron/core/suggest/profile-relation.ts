import type { ColumnDescription } from '../../../shared/api.js';
import type { ModelProfile, PeriodCount, ProfiledColumn } from '../../../shared/suggest-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { quoteIdentifier as q } from '../sql/sql-text.js';
import { columnKind, isNumberKind, type ColumnKind } from './column-kind.js';

/** A text column holding at most this many values has its value set read (and proposed as accepted_values). */
export const LOW_CARDINALITY = 20;
/** Leading rows whose distinct values tell a column of few values, or a possible key, from the rest. */
export const PROBE_ROWS = 100_000;
/** A possible integer or date key spanning at most this many values is counted with one bit per value. */
const BITMAP_SPAN = 2 ** 27;

/** What the full read measures of a column: its whole value set, its exact distinct count, or nothing. */
type Measure = { kind: 'values' } | { kind: 'key'; sql: string } | { kind: 'none' };

/**
 * Profiles a relation in two reads, each of what it needs. The first asks only what a stored
 * model's Parquet statistics answer (row count, non-null counts, min and max of numbers and dates).
 * The leading PROBE_ROWS rows' distinct counts then sort the columns out: few values (their whole
 * set is read), every value distinct (a key candidate, counted exactly), or neither (no proposal
 * reads their distinct count, so it is not counted: HyperLogLog or top-k over every column cost
 * several scans). A column whose span of values is smaller than its rows cannot be a key. The
 * second read counts the candidates, reads the value sets and the rows per month of one date column.
 */
export async function profileRelation(conn: EngineConnection, relation: string, columns: ColumnDescription[], preferredPeriod?: string): Promise<ModelProfile> {
  const kinds = columns.map((c) => columnKind(c.type));
  const stats = await one(conn, `SELECT count(*) AS n, ${columns.flatMap((c, i) => statistics(c.name, kinds[i] as ColumnKind, i)).join(', ')} FROM ${relation}`);
  const rows = Number(stats.n ?? 0);
  const profiled: ProfiledColumn[] = columns.map((c, i) => ({
    name: c.name, type: c.type, nulls: rows - Number(stats[`c${i}`] ?? 0), distinct: null, distinctExact: false, min: text(stats[`lo${i}`]), max: text(stats[`hi${i}`]),
  }));
  const measures = await probe(conn, relation, profiled, kinds, rows);
  const period = periodColumn(profiled, kinds, preferredPeriod);
  const selects = [
    ...measures.flatMap((m, i) => (m.kind === 'values' ? [`list(DISTINCT ${q(profiled[i]?.name as string)}::VARCHAR) AS v${i}`] : m.kind === 'key' ? [`${m.sql} AS u${i}`] : [])),
    ...(period === undefined ? [] : [`histogram(date_trunc('month', ${q(period)})::DATE) AS months`]),
  ];
  if (selects.length === 0) return { rows, columns: profiled, scans: 1 };
  const full = await one(conn, `SELECT ${selects.join(', ')} FROM ${relation}`);
  measures.forEach((m, i) => {
    const column = profiled[i] as ProfiledColumn;
    if (m.kind === 'key') Object.assign(column, { distinct: Number(full[`u${i}`] ?? 0), distinctExact: true });
    if (m.kind !== 'values') return;
    const values = (full[`v${i}`] as SqlValue[]).filter((v) => v !== null).map(String);
    Object.assign(column, { distinct: values.length, distinctExact: true }, values.length <= LOW_CARDINALITY ? { values: values.sort() } : {});
  });
  return { rows, columns: profiled, ...(period === undefined ? {} : { periods: { column: period, counts: monthCounts(full.months) } }), scans: 2 };
}

/** What the Parquet statistics of a stored model answer without reading its data. */
function statistics(name: string, kind: ColumnKind, i: number): string[] {
  const col = q(name);
  const list = [`count(${col}) AS c${i}`];
  if (isNumberKind(kind) || kind === 'temporal') list.push(`min(${col})::VARCHAR AS lo${i}`, `max(${col})::VARCHAR AS hi${i}`);
  return list;
}

/**
 * Distinct counts over the leading rows of every column a key or a value set can be read from.
 * When they are all the rows, the counts are the columns' own and only value sets are left to read.
 */
async function probe(conn: EngineConnection, relation: string, columns: ProfiledColumn[], kinds: ColumnKind[], rows: number): Promise<Measure[]> {
  const probed = columns.flatMap((c, i) => (kinds[i] === 'integer' || kinds[i] === 'text' || kinds[i] === 'temporal' ? [i] : []));
  if (probed.length === 0 || rows === 0) return columns.map(() => ({ kind: 'none' }));
  const names = probed.map((i) => q(columns[i]?.name as string));
  const seen = await one(conn, `SELECT ${probed.map((i, k) => `count(DISTINCT ${names[k]}) AS p${i}, count(${names[k]}) AS n${i}`).join(', ')} FROM (SELECT ${names.join(', ')} FROM ${relation} LIMIT ${PROBE_ROWS})`);
  const whole = rows <= PROBE_ROWS;
  return columns.map((column, i) => {
    if (!probed.includes(i)) return { kind: 'none' };
    const distinct = Number(seen[`p${i}`] ?? 0);
    const nonNull = Number(seen[`n${i}`] ?? 0);
    if (kinds[i] === 'text' && distinct <= LOW_CARDINALITY) return { kind: 'values' };
    if (whole) {
      Object.assign(column, { distinct, distinctExact: true });
      return { kind: 'none' };
    }
    const key = distinct === nonNull && nonNull >= 2 ? exactDistinct(column, kinds[i] as ColumnKind, rows - column.nulls) : null;
    return key === null ? { kind: 'none' } : { kind: 'key', sql: key };
  });
}

/**
 * The exact distinct count of a key candidate, or null where its span of values rules a key out.
 * An integer or date span small enough is counted as bits set in a bitmap, far cheaper than the
 * hash table count(DISTINCT) builds.
 */
function exactDistinct(column: ProfiledColumn, kind: ColumnKind, nonNull: number): string | null {
  const col = q(column.name);
  const span = spanOf(column, kind);
  if (span !== null && span < nonNull) return null;
  if (span === null || span > BITMAP_SPAN) return `count(DISTINCT ${col})`;
  const offset = kind === 'integer' ? `(${col} - (${column.min}))::BIGINT` : `(${col} - DATE '${column.min}')`;
  return `bit_count(bitstring_agg(${offset}, 0, ${span - 1}))`;
}

/** How many values fit between min and max: integers, and dates counted in days; null for timestamps and text. */
function spanOf(column: ProfiledColumn, kind: ColumnKind): number | null {
  if (column.min === null || column.max === null) return null;
  if (kind === 'integer') return Number(BigInt(column.max) - BigInt(column.min)) + 1;
  if (kind === 'temporal' && /^\d{4}-\d{2}-\d{2}$/.test(column.min) && /^\d{4}-\d{2}-\d{2}$/.test(column.max)) {
    return (Date.parse(`${column.max}T00:00:00Z`) - Date.parse(`${column.min}T00:00:00Z`)) / 86_400_000 + 1;
  }
  return null;
}

/**
 * The date column rows per month are counted on: the one the model's own variation tests use, else
 * the first date column without nulls whose values span two months or more.
 */
function periodColumn(columns: ProfiledColumn[], kinds: ColumnKind[], preferred?: string): string | undefined {
  const dated = columns.filter((c, i) => kinds[i] === 'temporal' && c.min !== null);
  const spansMonths = (c: ProfiledColumn) => c.min?.slice(0, 7) !== c.max?.slice(0, 7);
  return (dated.find((c) => c.name === preferred) ?? dated.find((c) => c.nulls === 0 && spansMonths(c)))?.name;
}

function monthCounts(histogram: SqlValue | undefined): PeriodCount[] {
  return ((histogram ?? []) as { key: SqlValue; value: SqlValue }[])
    .filter((e) => e.key !== null)
    .map((e) => ({ period: String(e.key).slice(0, 10), rows: Number(e.value) }))
    .sort((a, b) => a.period.localeCompare(b.period));
}

async function one(conn: EngineConnection, sql: string): Promise<Record<string, SqlValue>> {
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(`profiling: ${result.error}`);
  return result.rows[0] ?? {};
}

function text(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
