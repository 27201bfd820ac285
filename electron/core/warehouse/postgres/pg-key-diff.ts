import type { ChangedRowSample, ColumnType, ModelDiff } from '../../../../shared/diff-types.js';
import { trimValue } from '../../diff/diff-sql.js';
import type { PgWarehouse } from './pg-connection.js';
import { STORE_SCHEMA, qualified, quoteIdent } from './pg-names.js';

/**
 * Two results of one node, compared where they are (two store objects of one database), with the
 * local diff's meaning (diff/relation-diff.ts): rows matched by a key that both sides have and that
 * is unique on both are added, removed or changed, with per-column counts; numeric differences up to
 * the tolerance are not changes. Without a usable key (a column missing on one side, duplicate
 * keys), rows are compared whole, as multisets, and the note says why. Only counts and a few sample
 * rows leave the server.
 */

export interface KeyDiffOptions {
  key: string[] | null;
  tolerance: number;
  sampleSize: number;
}

/** One side: its store object, and what a message calls it. */
export interface DiffSideObject {
  object: string;
  env: string;
}

export type PgRelationDiff = Pick<ModelDiff, 'schema' | 'rows' | 'columns' | 'samples' | 'primary_key' | 'key_note'>;

type Pair = { base: ColumnType; compare: ColumnType };

const NUMERIC = /^(smallint|integer|bigint|numeric|decimal|real|double precision)\b/;
/** Types PostgreSQL has no equality for: compared as text. */
const TEXT_COMPARED = /^(json|xml|point|line|lseg|box|path|polygon|circle)$/;

export async function diffStoreObjects(warehouse: PgWarehouse, model: string, base: DiffSideObject, compare: DiffSideObject, options: KeyDiffOptions): Promise<PgRelationDiff> {
  const [baseCols, compareCols] = await Promise.all([columnTypes(warehouse, base.object), columnTypes(warehouse, compare.object)]);
  const byName = new Map(compareCols.map((c) => [c.name, c]));
  const common: Pair[] = baseCols.filter((c) => byName.has(c.name)).map((b) => ({ base: b, compare: byName.get(b.name) as ColumnType }));
  const schema = {
    added: compareCols.filter((c) => !baseCols.some((b) => b.name === c.name)),
    removed: baseCols.filter((b) => !byName.has(b.name)),
    retyped: common.filter((c) => c.base.type !== c.compare.type).map((c) => ({ name: c.base.name, base: c.base.type, compare: c.compare.type })),
  };
  const a = qualified(STORE_SCHEMA, base.object);
  const b = qualified(STORE_SCHEMA, compare.object);
  const check = await checkKey(warehouse, model, { ...base, relation: a, columns: baseCols }, { ...compare, relation: b, columns: compareCols }, options.key);
  if (check.ok) return { schema, primary_key: check.key, key_note: check.note, ...(await diffByKey(warehouse, a, b, common, check.key, options)) };
  return { schema, primary_key: null, key_note: check.note, ...(await diffWholeRows(warehouse, a, b, common, options.sampleSize)) };
}

/** Each column of a store object with its type as PostgreSQL writes it. */
export async function columnTypes(warehouse: PgWarehouse, object: string): Promise<ColumnType[]> {
  const rows = await warehouse.query<{ name: string; type: string }>(
    `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [STORE_SCHEMA, object],
  );
  return rows.map((r) => ({ name: r.name, type: r.type }));
}

type KeyCheck = { ok: true; key: string[]; note: string | null } | { ok: false; note: string };
type Side = DiffSideObject & { relation: string; columns: ColumnType[] };

/** A key is usable when both sides have its columns and it is unique on both (NULL matches NULL, as locally). */
async function checkKey(warehouse: PgWarehouse, model: string, base: Side, compare: Side, key: string[] | null): Promise<KeyCheck> {
  if (!key?.length) return { ok: false, note: 'no primary key (from a unique test, unique_key or --primary-key): rows compared as whole rows' };
  for (const side of [base, compare]) {
    const missing = key.filter((k) => !side.columns.some((c) => c.name === k));
    if (missing.length) return { ok: false, note: `key column ${missing.join(', ')} is not in ${model} of the environment '${side.env}': rows compared as whole rows` };
  }
  const keys = key.map(quoteIdent);
  const stats = async (relation: string) => (await warehouse.query<Record<string, string>>(
    `SELECT count(*) AS n, count(DISTINCT ROW(${keys.join(', ')})) AS d, count(*) FILTER (WHERE ${keys.map((k) => `${k} IS NULL`).join(' OR ')}) AS nulls FROM ${relation}`,
  ))[0] ?? {};
  const [baseStats, compareStats] = await Promise.all([stats(base.relation), stats(compare.relation)]);
  const notes: string[] = [];
  for (const [side, s] of [[base, baseStats], [compare, compareStats]] as const) {
    const duplicates = Number(s.n) - Number(s.d);
    if (duplicates > 0) return { ok: false, note: `key (${key.join(', ')}) is not unique in ${model} of the environment '${side.env}' (${duplicates} duplicate rows): rows compared as whole rows` };
    if (Number(s.nulls) > 0) notes.push(`${s.nulls} rows of '${side.env}' have a NULL in the key (matched NULL to NULL)`);
  }
  return { ok: true, key, note: notes.length ? notes.join('; ') : null };
}

function isNumeric(type: string): boolean {
  return NUMERIC.test(type);
}

function asText(pair: Pair): boolean {
  const bothNumeric = isNumeric(pair.base.type) && isNumeric(pair.compare.type);
  return (pair.base.type !== pair.compare.type && !bothNumeric) || TEXT_COMPARED.test(pair.base.type);
}

/** True when a column's value differs between the base row `b` and the compare row `c`; numbers within the tolerance do not. */
function changedExpr(pair: Pair, tolerance: number): string {
  const b = `b.${quoteIdent(pair.base.name)}`;
  const c = `c.${quoteIdent(pair.compare.name)}`;
  if (asText(pair)) return `${b}::text IS DISTINCT FROM ${c}::text`;
  if (isNumeric(pair.base.type) && tolerance > 0) return `(${b} IS DISTINCT FROM ${c} AND (${b} IS NULL OR ${c} IS NULL OR abs(${b}::float8 - ${c}::float8) > ${tolerance}))`;
  return `${b} IS DISTINCT FROM ${c}`;
}

/**
 * Keys match when equal, NULL matching NULL. A full join needs a condition PostgreSQL can hash or
 * merge, which `IS NOT DISTINCT FROM` is not: one-element arrays compare equal with NULLs equal, and are.
 */
function keyMatch(keys: Pair[]): string {
  return keys.map((k) => {
    const cast = k.base.type !== k.compare.type ? '::text' : '';
    return `ARRAY[b.${quoteIdent(k.base.name)}${cast}] = ARRAY[c.${quoteIdent(k.compare.name)}${cast}]`;
  }).join(' AND ');
}

/** One full outer join on the key gives every count; samples are read only where there is something to show. */
async function diffByKey(warehouse: PgWarehouse, base: string, compare: string, common: Pair[], key: string[], options: KeyDiffOptions) {
  const keyPairs = key.map((k) => common.find((c) => c.base.name === k) as Pair);
  const valueCols = common.filter((c) => !key.includes(c.base.name));
  const changed = valueCols.map((c) => changedExpr(c, options.tolerance));
  const anyChanged = changed.length ? `(${changed.join(' OR ')})` : 'FALSE';
  const from = `(SELECT *, TRUE AS "__assay_in" FROM ${base}) AS b FULL OUTER JOIN (SELECT *, TRUE AS "__assay_in" FROM ${compare}) AS c ON ${keyMatch(keyPairs)}`;
  const both = 'b."__assay_in" AND c."__assay_in"';
  const [stats = {}] = await warehouse.query<Record<string, string>>(`SELECT
    count(*) FILTER (WHERE b."__assay_in" IS NULL) AS added,
    count(*) FILTER (WHERE c."__assay_in" IS NULL) AS removed,
    count(*) FILTER (WHERE ${both}) AS matched,
    count(*) FILTER (WHERE ${both} AND ${anyChanged}) AS changed,
    count(*) FILTER (WHERE b."__assay_in") AS base_rows,
    count(*) FILTER (WHERE c."__assay_in") AS compare_rows
    ${changed.map((expr, i) => `, count(*) FILTER (WHERE ${both} AND ${expr}) AS col${i}`).join('')}
    FROM ${from}`);
  const n = (k: string) => Number(stats[k] ?? 0);
  const matched = n('matched');
  const columns: PgRelationDiff['columns'] = {};
  valueCols.forEach((c, i) => {
    const count = n(`col${i}`);
    columns[c.base.name] = { changed: count, match_pct: matched ? Math.round(((matched - count) / matched) * 10000) / 100 : null };
  });
  for (const k of keyPairs) columns[k.base.name] = { changed: 0, match_pct: matched ? 100 : null };

  const limit = Math.max(0, Math.floor(options.sampleSize));
  const all = [...keyPairs, ...valueCols];
  const pick = (alias: 'b' | 'c', cols: ColumnType[]) => cols.map((c) => `${alias}.${quoteIdent(c.name)} AS ${quoteIdent(`${alias}__${c.name}`)}`).join(', ');
  const sample = (sql: string) => warehouse.query<Record<string, unknown>>(sql);
  const changedRows = n('changed') === 0 || limit === 0 ? [] : await sample(`SELECT ${pick('b', all.map((c) => c.base))}, ${pick('c', all.map((c) => c.compare))}${changed.map((e, i) => `, ${e} AS "__ch${i}"`).join('')} FROM ${from} WHERE ${both} AND ${anyChanged} LIMIT ${limit}`);
  const side = (alias: 'b' | 'c', r: Record<string, unknown>, cols: ColumnType[]) => Object.fromEntries(cols.map((c) => [c.name, plain(r[`${alias}__${c.name}`])]));
  const samples = {
    changed: changedRows.map((r): ChangedRowSample => ({
      key: side('b', r, keyPairs.map((k) => k.base)),
      base: side('b', r, all.map((c) => c.base)),
      compare: side('c', r, all.map((c) => c.compare)),
      changed: valueCols.filter((_, i) => r[`__ch${i}`] === true).map((c) => c.base.name),
    })),
    added: n('added') === 0 || limit === 0 ? [] : (await sample(`SELECT ${pick('c', all.map((c) => c.compare))} FROM ${from} WHERE b."__assay_in" IS NULL LIMIT ${limit}`)).map((r) => side('c', r, all.map((c) => c.compare))),
    removed: n('removed') === 0 || limit === 0 ? [] : (await sample(`SELECT ${pick('b', all.map((c) => c.base))} FROM ${from} WHERE c."__assay_in" IS NULL LIMIT ${limit}`)).map((r) => side('b', r, all.map((c) => c.base))),
  };
  const rows = { base: n('base_rows'), compare: n('compare_rows'), added: n('added'), removed: n('removed'), changed: n('changed'), unchanged: matched - n('changed') };
  return { rows, columns, samples };
}

/** Without a usable key: rows only in one side, as multisets (duplicates counted, not collapsed). */
async function diffWholeRows(warehouse: PgWarehouse, base: string, compare: string, common: Pair[], sampleSize: number) {
  const cols = common.map((c) => (asText(c) ? `${quoteIdent(c.base.name)}::text AS ${quoteIdent(c.base.name)}` : quoteIdent(c.base.name))).join(', ');
  const onlyIn = (from: string, other: string) => `SELECT ${cols} FROM ${from} EXCEPT ALL SELECT ${cols} FROM ${other}`;
  const [stats = {}] = await warehouse.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM ${base}) AS base_rows, (SELECT count(*) FROM ${compare}) AS compare_rows,
    (SELECT count(*) FROM (${onlyIn(compare, base)}) AS x) AS added, (SELECT count(*) FROM (${onlyIn(base, compare)}) AS y) AS removed`);
  const n = (k: string) => Number(stats[k] ?? 0);
  const limit = Math.max(0, Math.floor(sampleSize));
  const sample = async (sql: string, count: number) => (count === 0 || limit === 0 ? [] : (await warehouse.query<Record<string, unknown>>(`${sql} LIMIT ${limit}`)).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, plain(v)]))));
  return {
    rows: { base: n('base_rows'), compare: n('compare_rows'), added: n('added'), removed: n('removed'), changed: null, unchanged: n('base_rows') - n('removed') },
    columns: Object.fromEntries(common.map((c) => [c.base.name, { changed: null, match_pct: null }])),
    samples: { changed: [], added: await sample(onlyIn(compare, base), n('added')), removed: await sample(onlyIn(base, compare), n('removed')) },
  };
}

/** A sample value as the local diff gives it: dates as ISO text, long text cut. */
function plain(value: unknown): unknown {
  return trimValue(value instanceof Date ? value.toISOString() : value);
}
