import type { ChangedRowSample, ColumnType, ModelDiff } from '../../../shared/diff-types.js';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { changedExpr, keyMatch, q, rowHash, trimValue } from './diff-sql.js';
import { keyStats, mergeProfiles, profileAggregates, profileSeparately, readProfiles } from './profile.js';

export interface RelationDiffOptions {
  key: string[] | null;
  tolerance: number;
  sampleSize: number;
}

type RelationDiff = Pick<ModelDiff, 'schema' | 'rows' | 'columns' | 'profile' | 'samples' | 'primary_key' | 'key_note'>;

/**
 * Compares two relations read through one connection, entirely inside DuckDB: only counts and
 * a few sample rows come back, so memory stays flat however large the tables are.
 */
export async function diffRelations(conn: EngineConnection, base: string, compare: string, options: RelationDiffOptions): Promise<RelationDiff> {
  const [baseCols, compareCols] = [await describe(conn, base), await describe(conn, compare)];
  const byName = new Map(compareCols.map((c) => [c.name, c]));
  const common = baseCols.filter((c) => byName.has(c.name)).map((b) => ({ base: b, compare: byName.get(b.name) as ColumnType }));
  const schema = {
    added: compareCols.filter((c) => !baseCols.some((b) => b.name === c.name)),
    removed: baseCols.filter((b) => !byName.has(b.name)),
    retyped: common.filter((c) => c.base.type !== c.compare.type).map((c) => ({ name: c.base.name, base: c.base.type, compare: c.compare.type })),
  };
  const keyCheck = await checkKey(conn, base, compare, options.key, byName, baseCols);
  if (keyCheck.ok) {
    const diff = await diffByKey(conn, base, compare, common, keyCheck.key, options, { base: baseCols, compare: compareCols });
    return { schema, primary_key: keyCheck.key, key_note: keyCheck.note, ...diff };
  }
  const profile = await profileSeparately(conn, base, compare, baseCols, compareCols);
  const diff = await diffByHash(conn, base, compare, common, options.sampleSize);
  return { schema, profile, primary_key: null, key_note: keyCheck.note, ...diff };
}

async function describe(conn: EngineConnection, relation: string): Promise<ColumnType[]> {
  const result = await conn.query(`DESCRIBE SELECT * FROM ${relation}`);
  if (!result.ok) throw new Error(result.error);
  return result.rows.map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
}

type KeyCheck = { ok: true; key: string[]; note: string | null } | { ok: false; note: string | null };

/** A key is usable when both sides have it and it is unique on both; otherwise rows are compared whole. */
async function checkKey(conn: EngineConnection, base: string, compare: string, key: string[] | null, compareCols: Map<string, ColumnType>, baseCols: ColumnType[]): Promise<KeyCheck> {
  if (!key?.length) return { ok: false, note: 'no primary key (from a unique test, unique_key or --primary-key): rows compared as whole-row hashes' };
  const missing = key.filter((k) => !compareCols.has(k) || !baseCols.some((b) => b.name === k));
  if (missing.length) return { ok: false, note: `key column ${missing.join(', ')} is not on both sides: rows compared as whole-row hashes` };
  const notes: string[] = [];
  for (const [side, relation] of [['base', base], ['compare', compare]] as const) {
    const stats = await keyStats(conn, relation, key);
    const duplicates = stats.rows - stats.distinct;
    if (duplicates > 0) return { ok: false, note: `key (${key.join(', ')}) is not unique in ${side} (${duplicates} duplicate rows): rows compared as whole-row hashes` };
    if (stats.nulls > 0) notes.push(`${stats.nulls} ${side} rows have a NULL in the key (matched NULL to NULL)`);
  }
  return { ok: true, key, note: notes.length ? notes.join('; ') : null };
}

/** One full outer join on the key yields the counts, per-column changes and both sides' profiles. */
async function diffByKey(conn: EngineConnection, base: string, compare: string, common: { base: ColumnType; compare: ColumnType }[], key: string[], options: RelationDiffOptions, all: { base: ColumnType[]; compare: ColumnType[] }) {
  const keyPairs = common.filter((c) => key.includes(c.base.name));
  const valueCols = common.filter((c) => !key.includes(c.base.name));
  const changed = valueCols.map((c) => changedExpr(c.base, c.compare, options.tolerance));
  const anyChanged = changed.length ? `(${changed.join(' OR ')})` : 'FALSE';
  const from = `(SELECT *, TRUE AS __assay_in FROM ${base}) b FULL OUTER JOIN (SELECT *, TRUE AS __assay_in FROM ${compare}) c ON ${keyMatch(keyPairs)}`;
  const both = 'b.__assay_in AND c.__assay_in';
  const stats = await one(conn, `SELECT
    count(*) FILTER (WHERE b.__assay_in IS NULL) AS added,
    count(*) FILTER (WHERE c.__assay_in IS NULL) AS removed,
    count(*) FILTER (WHERE ${both}) AS matched,
    count(*) FILTER (WHERE ${both} AND ${anyChanged}) AS changed,
    count(*) FILTER (WHERE b.__assay_in) AS base_rows,
    count(*) FILTER (WHERE c.__assay_in) AS compare_rows
    ${changed.map((expr, i) => `, count_if(${both} AND ${expr}) AS col${i}`).join('')}
    ${[...profileAggregates(all.base, 'pb_', 'b', 'b.__assay_in'), ...profileAggregates(all.compare, 'pc_', 'c', 'c.__assay_in')].map((a) => `, ${a}`).join('')}
    FROM ${from}`);
  const profile = mergeProfiles(all.base, all.compare, readProfiles(stats, all.base, 'pb_'), readProfiles(stats, all.compare, 'pc_'));
  const matched = Number(stats.matched);
  const columns: RelationDiff['columns'] = {};
  valueCols.forEach((c, i) => {
    const n = Number(stats[`col${i}`]);
    columns[c.base.name] = { changed: n, match_pct: matched ? round(((matched - n) / matched) * 100) : null };
  });
  for (const k of keyPairs) columns[k.base.name] = { changed: 0, match_pct: matched ? 100 : null };

  const limit = Math.max(0, Math.floor(options.sampleSize));
  const pick = (alias: 'b' | 'c', cols: ColumnType[]) => cols.map((c) => `${alias}.${q(c.name)} AS ${q(`${alias}__${c.name}`)}`).join(', ');
  const allCols = [...keyPairs, ...valueCols];
  // Each sample re-runs the join, so it is fetched only when there is something to show.
  const changedRows = Number(stats.changed) === 0 ? [] : await rows(conn, `SELECT ${pick('b', allCols.map((c) => c.base))}, ${pick('c', allCols.map((c) => c.compare))}${changed.map((e, i) => `, ${e} AS __ch${i}`).join('')} FROM ${from} WHERE ${both} AND ${anyChanged} LIMIT ${limit}`);
  const samples = {
    changed: changedRows.map((r): ChangedRowSample => ({
      key: Object.fromEntries(keyPairs.map((k) => [k.base.name, trimValue(r[`b__${k.base.name}`])])),
      base: Object.fromEntries(allCols.map((c) => [c.base.name, trimValue(r[`b__${c.base.name}`])])),
      compare: Object.fromEntries(allCols.map((c) => [c.compare.name, trimValue(r[`c__${c.compare.name}`])])),
      changed: valueCols.filter((_, i) => r[`__ch${i}`] === true).map((c) => c.base.name),
    })),
    added: Number(stats.added) === 0 ? [] : await rows(conn, `SELECT c.* EXCLUDE (__assay_in) FROM ${from} WHERE b.__assay_in IS NULL LIMIT ${limit}`),
    removed: Number(stats.removed) === 0 ? [] : await rows(conn, `SELECT b.* EXCLUDE (__assay_in) FROM ${from} WHERE c.__assay_in IS NULL LIMIT ${limit}`),
  };
  const rowCounts = { base: Number(stats.base_rows), compare: Number(stats.compare_rows), added: Number(stats.added), removed: Number(stats.removed), changed: Number(stats.changed), unchanged: matched - Number(stats.changed) };
  return { rows: rowCounts, columns, samples, profile };
}

/** Without a usable key: multisets of whole-row hashes, so duplicates are counted, not collapsed. */
async function diffByHash(conn: EngineConnection, base: string, compare: string, common: { base: ColumnType; compare: ColumnType }[], sampleSize: number) {
  const cols = common.map((c) => ({ name: c.base.name, asText: c.base.type !== c.compare.type }));
  const hashed = (relation: string) => `SELECT ${rowHash('t', cols)} AS h, count(*) AS n FROM ${relation} t GROUP BY 1`;
  const joined = `(${hashed(base)}) b FULL OUTER JOIN (${hashed(compare)}) c USING (h)`;
  const stats = await one(conn, `SELECT
    coalesce(sum(greatest(coalesce(c.n, 0) - coalesce(b.n, 0), 0)), 0) AS added,
    coalesce(sum(greatest(coalesce(b.n, 0) - coalesce(c.n, 0), 0)), 0) AS removed,
    coalesce(sum(least(coalesce(b.n, 0), coalesce(c.n, 0))), 0) AS unchanged,
    coalesce(sum(b.n), 0) AS base_rows, coalesce(sum(c.n), 0) AS compare_rows
    FROM ${joined}`);
  const limit = Math.max(0, Math.floor(sampleSize));
  const sampleOf = (relation: string, moreIn: 'b' | 'c') => {
    const other = moreIn === 'b' ? 'c' : 'b';
    return rows(conn, `SELECT * FROM ${relation} t WHERE ${rowHash('t', cols)} IN (SELECT h FROM ${joined} WHERE coalesce(${moreIn}.n, 0) > coalesce(${other}.n, 0)) LIMIT ${limit}`);
  };
  const columns: RelationDiff['columns'] = Object.fromEntries(common.map((c) => [c.base.name, { changed: null, match_pct: null }]));
  return {
    rows: { base: Number(stats.base_rows), compare: Number(stats.compare_rows), added: Number(stats.added), removed: Number(stats.removed), changed: null, unchanged: Number(stats.unchanged) },
    columns,
    samples: { changed: [], added: Number(stats.added) ? await sampleOf(compare, 'c') : [], removed: Number(stats.removed) ? await sampleOf(base, 'b') : [] },
  };
}

async function one(conn: EngineConnection, sql: string): Promise<Record<string, SqlValue>> {
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(result.error);
  return result.rows[0] ?? {};
}

async function rows(conn: EngineConnection, sql: string): Promise<Record<string, unknown>[]> {
  const result = await conn.query(sql);
  if (!result.ok) throw new Error(result.error);
  return result.rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, trimValue(v)])));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
