import type { ColumnDescription } from '../../../shared/api.js';
import type { ModelProfile, PeriodCount, ProfiledColumn } from '../../../shared/suggest-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { quoteIdentifier as q } from '../sql/sql-text.js';
import { columnKind, isNumberKind, type ColumnKind } from './column-kind.js';

/** A text column holding at most this many values has its value set read (and proposed as accepted_values). */
export const LOW_CARDINALITY = 20;

/**
 * Profiles a relation in one read of every column: row count, non-null and approximate distinct
 * counts (HyperLogLog: exact counts of every column cost several times a scan), min and max of
 * numbers and dates, the value set of text columns with few values (approx_top_k keeps every value
 * exactly while there are fewer than its capacity, so a list shorter than LOW_CARDINALITY + 1 is
 * the whole set), and rows per month of every date column. A second read, of the key candidates'
 * columns only, confirms their distinct counts exactly.
 */
export async function profileRelation(conn: EngineConnection, relation: string, columns: ColumnDescription[], preferredPeriod?: string): Promise<ModelProfile> {
  const kinds = columns.map((c) => columnKind(c.type));
  const first = await one(conn, `SELECT count(*) AS n, ${columns.flatMap((c, i) => aggregates(c.name, kinds[i] as ColumnKind, i)).join(', ')} FROM ${relation}`);
  const rows = Number(first.n ?? 0);
  const profiled: ProfiledColumn[] = columns.map((c, i) => {
    const values = Array.isArray(first[`v${i}`]) ? (first[`v${i}`] as SqlValue[]).map(String) : undefined;
    const fewValues = values !== undefined && values.length <= LOW_CARDINALITY;
    return {
      name: c.name,
      type: c.type,
      nulls: rows - Number(first[`c${i}`] ?? 0),
      distinct: fewValues ? values.length : first[`d${i}`] === undefined || first[`d${i}`] === null ? null : Number(first[`d${i}`]),
      distinctExact: fewValues,
      min: text(first[`lo${i}`]),
      max: text(first[`hi${i}`]),
      ...(fewValues ? { values: values.sort() } : {}),
    };
  });
  const candidates = profiled.filter((c, i) => isKeyCandidate(c, kinds[i] as ColumnKind, rows));
  let scans = 1;
  if (candidates.length > 0) {
    scans += 1;
    const exact = await one(conn, `SELECT ${candidates.map((c, i) => `count(DISTINCT ${q(c.name)}) AS u${i}`).join(', ')} FROM ${relation}`);
    candidates.forEach((c, i) => {
      c.distinct = Number(exact[`u${i}`] ?? 0);
      c.distinctExact = true;
    });
  }
  return { rows, columns: profiled, ...periodsOf(first, columns, kinds, profiled, preferredPeriod), scans };
}

function aggregates(name: string, kind: ColumnKind, i: number): string[] {
  const col = q(name);
  if (kind === 'other' || kind === 'boolean') return [`count(${col}) AS c${i}`];
  const list = [`count(${col}) AS c${i}`];
  // Distinct counts only where a key can be: each costs about as much as reading the column.
  if (kind === 'integer' || kind === 'text' || kind === 'temporal') list.push(`approx_count_distinct(${col}) AS d${i}`);
  if (isNumberKind(kind) || kind === 'temporal') list.push(`min(${col})::VARCHAR AS lo${i}`, `max(${col})::VARCHAR AS hi${i}`);
  if (kind === 'text') list.push(`approx_top_k(${col}::VARCHAR, ${LOW_CARDINALITY + 1}) AS v${i}`);
  if (kind === 'temporal') list.push(`histogram(date_trunc('month', ${col})::DATE) AS h${i}`);
  return list;
}

/** Worth an exact distinct count: every non-null value looks distinct, and the type can be a key (not a measure, not a flag). */
function isKeyCandidate(column: ProfiledColumn, kind: ColumnKind, rows: number): boolean {
  const nonNull = rows - column.nulls;
  if (nonNull < 2 || column.distinctExact) return false;
  if (kind !== 'integer' && kind !== 'text' && kind !== 'temporal') return false;
  return column.distinct !== null && column.distinct >= nonNull * 0.9;
}

/**
 * Rows per month of one date column: the one the model's own variation tests use, else the first
 * date column without nulls that spans two months or more.
 */
function periodsOf(row: Record<string, SqlValue>, columns: ColumnDescription[], kinds: ColumnKind[], profiled: ProfiledColumn[], preferred?: string): Pick<ModelProfile, 'periods'> {
  const dated = columns.map((c, i) => ({ name: c.name, i })).filter(({ i }) => kinds[i] === 'temporal' && Array.isArray(row[`h${i}`]));
  const counts = (i: number): PeriodCount[] => (row[`h${i}`] as { key: SqlValue; value: SqlValue }[])
    .filter((e) => e.key !== null)
    .map((e) => ({ period: String(e.key).slice(0, 10), rows: Number(e.value) }))
    .sort((a, b) => a.period.localeCompare(b.period));
  const chosen = dated.find((d) => d.name === preferred)
    ?? dated.find((d) => profiled[d.i]?.nulls === 0 && counts(d.i).length >= 2);
  return chosen ? { periods: { column: chosen.name, counts: counts(chosen.i) } } : {};
}

async function one(conn: EngineConnection, sql: string): Promise<Record<string, SqlValue>> {
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(`profiling: ${result.error}`);
  return result.rows[0] ?? {};
}

function text(value: SqlValue | undefined): string | null {
  return value === null || value === undefined ? null : String(value);
}
