import type { WarehouseModelDiff } from '../../../../shared/warehouse-types.js';
import type { WarehouseEntry } from './pg-catalog.js';
import { readWarehouseCatalog } from './pg-catalog.js';
import type { PgWarehouse } from './pg-connection.js';
import { STORE_SCHEMA, qualified, quoteIdent } from './pg-names.js';

/** One node of two environments of the warehouse, compared (the API's shape). */
export type WarehouseNodeDiff = WarehouseModelDiff;

export class WarehouseDiffError extends Error {}

/**
 * Compares two environments that live in one database: a node whose store object is the same in
 * both is unchanged without reading a row; the others are compared where they are, on the server,
 * row multisets both ways on the columns they share (`EXCEPT ALL`).
 */
export async function diffOnWarehouse(warehouse: PgWarehouse, baseEnv: string, compareEnv: string): Promise<WarehouseNodeDiff[]> {
  const [base, compare] = await catalogsToCompare(warehouse, baseEnv, compareEnv);
  const ids = [...new Set([...base.keys(), ...compare.keys()])].filter((id) => storedObject(base.get(id)) || storedObject(compare.get(id)));
  return Promise.all(ids.sort().map((id) => diffNode(warehouse, id, base.get(id), compare.get(id))));
}

/** Both environments' catalogs; an environment the server does not hold is an error that says how to build it. */
export async function catalogsToCompare(warehouse: PgWarehouse, baseEnv: string, compareEnv: string): Promise<[Map<string, WarehouseEntry>, Map<string, WarehouseEntry>]> {
  const [base, compare] = await Promise.all([readWarehouseCatalog(warehouse, baseEnv), readWarehouseCatalog(warehouse, compareEnv)]);
  for (const [env, entries] of [[baseEnv, base], [compareEnv, compare]] as const) {
    if (entries.size === 0) throw new WarehouseDiffError(`${warehouse.name} has no environment '${env}': build it first (assay build --target ${warehouse.target.name}${env === 'main' ? '' : ` --branch ${env}`})`);
  }
  return [base, compare];
}

async function diffNode(warehouse: PgWarehouse, node: string, base: WarehouseEntry | undefined, compare: WarehouseEntry | undefined): Promise<WarehouseNodeDiff> {
  const empty = { node, change: null, rowsBase: null, rowsCompare: null, onlyBase: null, onlyCompare: null, columnsAdded: [], columnsRemoved: [] };
  const baseObject = storedObject(base);
  const compareObject = storedObject(compare);
  if (!baseObject) return { ...empty, status: 'added', rowsCompare: compare?.rows ?? null };
  if (!compareObject) return { ...empty, status: 'removed', rowsBase: base?.rows ?? null };
  const change = base?.definition === compare?.definition ? 'indirect' : 'direct';
  if (baseObject === compareObject) return { ...empty, status: 'unchanged', rowsBase: base?.rows ?? null, rowsCompare: compare?.rows ?? null };
  const [baseColumns, compareColumns] = await Promise.all([columnsOf(warehouse, baseObject), columnsOf(warehouse, compareObject)]);
  const shared = baseColumns.filter((c) => compareColumns.includes(c)).map(quoteIdent).join(', ');
  const a = qualified(STORE_SCHEMA, baseObject);
  const b = qualified(STORE_SCHEMA, compareObject);
  const [counts] = await warehouse.query<Record<string, string>>(`SELECT
    (SELECT count(*) FROM ${a}) AS rows_base,
    (SELECT count(*) FROM ${b}) AS rows_compare,
    (SELECT count(*) FROM (SELECT ${shared} FROM ${a} EXCEPT ALL SELECT ${shared} FROM ${b}) AS x) AS only_base,
    (SELECT count(*) FROM (SELECT ${shared} FROM ${b} EXCEPT ALL SELECT ${shared} FROM ${a}) AS y) AS only_compare`);
  const n = (key: string) => Number(counts?.[key] ?? 0);
  const columnsAdded = compareColumns.filter((c) => !baseColumns.includes(c));
  const columnsRemoved = baseColumns.filter((c) => !compareColumns.includes(c));
  const same = n('only_base') === 0 && n('only_compare') === 0 && columnsAdded.length === 0 && columnsRemoved.length === 0;
  return { node, status: same ? 'unchanged' : 'modified', change, rowsBase: n('rows_base'), rowsCompare: n('rows_compare'), onlyBase: n('only_base'), onlyCompare: n('only_compare'), columnsAdded, columnsRemoved };
}

/** The store object an environment's view of the node reads; null when it has none there. */
export function storedObject(entry: WarehouseEntry | undefined): string | null {
  return entry && entry.objectName && entry.storeObject ? entry.storeObject : null;
}

async function columnsOf(warehouse: PgWarehouse, object: string): Promise<string[]> {
  const rows = await warehouse.query<{ name: string }>(
    `SELECT a.attname AS name FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = $1 AND c.relname = $2 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [STORE_SCHEMA, object],
  );
  return rows.map((r) => r.name);
}
