import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { NodeBuildStatus } from '../../../../shared/build-types.js';
import type { WarehouseEnvironmentRow } from '../../../../shared/warehouse-types.js';
import type { PgWarehouse } from './pg-connection.js';
import { META_SCHEMA, STORE_SCHEMA, lockKey, qualified, quoteIdent } from './pg-names.js';

/** One node of an environment on the warehouse: the store object its view reads. */
export interface WarehouseEntry {
  nodeId: string;
  kind: string;
  materialization: string;
  /** The schema and name dbt gives it; null for what has no view (sources, ephemeral models). */
  dbtSchema: string | null;
  objectName: string | null;
  /** Its result in `assay_store`; null for ephemeral models and sources read where they are. */
  storeObject: string | null;
  fingerprint: string;
  definition: string;
  rows: number | null;
  status: NodeBuildStatus;
  error?: string;
}

/** An environment's row in `assay_meta.environments` (the API's shape). */
export type WarehouseEnvironment = WarehouseEnvironmentRow;

const CATALOG = qualified(META_SCHEMA, 'catalog');
/** Schemas of a publish in progress, and schemas a publish replaced, waiting to be dropped. */
const STAGING_PREFIX = 'assay_staging_';
const RETIRED_PREFIX = 'assay_retired_';
const ENVIRONMENTS = qualified(META_SCHEMA, 'environments');

/**
 * Creates Assay's schemas and tables on the warehouse if they are missing. Several processes may
 * start at once: a transaction-level advisory lock makes them take turns.
 */
export async function ensureWarehouseSchemas(warehouse: PgWarehouse): Promise<void> {
  await warehouse.withClient(async (client) => {
    await client.query('BEGIN');
    try {
      await client.query('SELECT pg_advisory_xact_lock($1)', [lockKey('assay:setup')]);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(STORE_SCHEMA)}`);
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(META_SCHEMA)}`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${CATALOG} (
        env text NOT NULL, node_id text NOT NULL, kind text NOT NULL, materialization text NOT NULL,
        dbt_schema text, object_name text, store_object text, fingerprint text NOT NULL, definition text NOT NULL,
        rows bigint, status text NOT NULL, error text, PRIMARY KEY (env, node_id))`);
      await client.query(`CREATE TABLE IF NOT EXISTS ${ENVIRONMENTS} (
        env text PRIMARY KEY, branch text, commit text, status text NOT NULL, built_at timestamptz NOT NULL, schemas text[] NOT NULL)`);
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  });
}

export async function readWarehouseCatalog(warehouse: PgWarehouse, env: string): Promise<Map<string, WarehouseEntry>> {
  const rows = await warehouse.query(`SELECT * FROM ${CATALOG} WHERE env = $1`, [env]);
  return new Map(rows.map((r) => [String(r.node_id), entryOf(r)]));
}

export async function readWarehouseEnvironment(warehouse: PgWarehouse, env: string): Promise<WarehouseEnvironment | null> {
  const [row] = await warehouse.query(`SELECT * FROM ${ENVIRONMENTS} WHERE env = $1`, [env]);
  return row ? environmentOf(row) : null;
}

export async function listWarehouseEnvironments(warehouse: PgWarehouse): Promise<WarehouseEnvironment[]> {
  return (await warehouse.query(`SELECT * FROM ${ENVIRONMENTS} ORDER BY env`)).map(environmentOf);
}

/** The rows each store object holds, as the environments that read it recorded them. */
export async function recordedRows(warehouse: PgWarehouse, objects: string[]): Promise<Map<string, number>> {
  if (objects.length === 0) return new Map();
  const rows = await warehouse.query<{ store_object: string; rows: number }>(`SELECT store_object, max(rows) AS rows FROM ${CATALOG} WHERE store_object = ANY($1::text[]) AND rows IS NOT NULL GROUP BY store_object`, [objects]);
  return new Map(rows.map((r) => [r.store_object, Number(r.rows)]));
}

/** The store objects that exist, of those named. */
export async function existingStoreObjects(warehouse: PgWarehouse, names: string[]): Promise<Set<string>> {
  if (names.length === 0) return new Set();
  const rows = await warehouse.query<{ relname: string }>(
    `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
    [STORE_SCHEMA, names],
  );
  return new Set(rows.map((r) => r.relname));
}

/**
 * Makes the new catalog the environment, in one transaction: each schema's views are made in a
 * staging schema, then the current schemas are renamed aside and the staging ones renamed into
 * place, and the bookkeeping rows replaced. PostgreSQL's DDL is transactional, so a reader sees
 * the old environment or the new one, never a mix, and a failure leaves the old one. Renaming a
 * schema does not wait for queries reading its views; dropping the old schemas does, so that
 * happens after the commit, in a transaction of its own. Returns the schemas left to drop.
 */
export async function publishWarehouseEnvironment(client: pg.PoolClient, environment: WarehouseEnvironment, entries: WarehouseEntry[], schemaOf: (dbtSchema: string) => string): Promise<string[]> {
  const tag = createHash('sha256').update(`${environment.env}:${environment.builtAt}:${Math.random()}`).digest('hex').slice(0, 12);
  const staging = new Map(environment.schemas.map((schema, i) => [schema, `${STAGING_PREFIX}${tag}_${i}`]));
  await client.query('BEGIN');
  try {
    const owners = await client.query<{ env: string; schema: string }>(
      `SELECT env, s AS schema FROM ${ENVIRONMENTS}, unnest(schemas) AS s WHERE env <> $1 AND s = ANY($2::text[])`,
      [environment.env, environment.schemas],
    );
    const clash = owners.rows[0];
    if (clash) throw new Error(`schema ${clash.schema} already belongs to the environment '${clash.env}' (branch names that differ only in punctuation share a schema name); rename the branch`);
    for (const stage of staging.values()) await client.query(`CREATE SCHEMA ${quoteIdent(stage)}`);
    for (const entry of entries) {
      if (!entry.storeObject || !entry.objectName || entry.dbtSchema === null) continue;
      const stage = staging.get(schemaOf(entry.dbtSchema)) as string;
      await client.query(`CREATE VIEW ${qualified(stage, entry.objectName)} AS SELECT * FROM ${qualified(STORE_SCHEMA, entry.storeObject)}`);
    }
    const previous = await client.query<{ schemas: string[] }>(`SELECT schemas FROM ${ENVIRONMENTS} WHERE env = $1`, [environment.env]);
    const replaced = [...new Set([...(previous.rows[0]?.schemas ?? []), ...environment.schemas])];
    const present = await client.query<{ name: string }>('SELECT nspname AS name FROM pg_namespace WHERE nspname = ANY($1::text[])', [replaced]);
    const retired: string[] = [];
    for (const { name } of present.rows) {
      const aside = `${RETIRED_PREFIX}${tag}_${retired.length}`;
      await client.query(`ALTER SCHEMA ${quoteIdent(name)} RENAME TO ${quoteIdent(aside)}`);
      retired.push(aside);
    }
    for (const [schema, stage] of staging) await client.query(`ALTER SCHEMA ${quoteIdent(stage)} RENAME TO ${quoteIdent(schema)}`);
    await client.query(`DELETE FROM ${CATALOG} WHERE env = $1`, [environment.env]);
    await client.query(
      `INSERT INTO ${CATALOG} (env, node_id, kind, materialization, dbt_schema, object_name, store_object, fingerprint, definition, rows, status, error)
       SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::bigint[], $11::text[], $12::text[])`,
      [environment.env, ...columnsOf(entries)],
    );
    await client.query(
      `INSERT INTO ${ENVIRONMENTS} (env, branch, commit, status, built_at, schemas) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (env) DO UPDATE SET branch = excluded.branch, commit = excluded.commit, status = excluded.status, built_at = excluded.built_at, schemas = excluded.schemas`,
      [environment.env, environment.branch, environment.commit, environment.status, environment.builtAt, environment.schemas],
    );
    await client.query('COMMIT');
    return retired;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/**
 * Drops schemas a publish set aside (with no names: any an interrupted or blocked publish left).
 * A reader still using one holds the drop back; with `waitMs` the drop gives up after that long.
 */
export async function dropRetiredSchemas(client: pg.PoolClient, names?: string[], waitMs?: number): Promise<string[]> {
  const found = names ?? (await client.query<{ name: string }>(`SELECT nspname AS name FROM pg_namespace WHERE nspname LIKE '${RETIRED_PREFIX}%' OR nspname LIKE '${STAGING_PREFIX}%'`)).rows.map((r) => r.name);
  if (found.length === 0) return found;
  await client.query('BEGIN');
  try {
    if (waitMs !== undefined) await client.query(`SET LOCAL lock_timeout = ${Math.round(waitMs)}`);
    for (const name of found) await client.query(`DROP SCHEMA IF EXISTS ${quoteIdent(name)} CASCADE`);
    await client.query('COMMIT');
    return found;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

function columnsOf(entries: WarehouseEntry[]): unknown[][] {
  const pick = <K extends keyof WarehouseEntry>(key: K) => entries.map((e) => e[key] ?? null);
  return [pick('nodeId'), pick('kind'), pick('materialization'), pick('dbtSchema'), pick('objectName'), pick('storeObject'), pick('fingerprint'), pick('definition'), pick('rows'), pick('status'), pick('error')];
}

function entryOf(r: Record<string, unknown>): WarehouseEntry {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    nodeId: String(r.node_id), kind: String(r.kind), materialization: String(r.materialization), dbtSchema: text(r.dbt_schema), objectName: text(r.object_name),
    storeObject: text(r.store_object), fingerprint: String(r.fingerprint), definition: String(r.definition), rows: r.rows === null ? null : Number(r.rows),
    status: String(r.status) as NodeBuildStatus, ...(r.error ? { error: String(r.error) } : {}),
  };
}

function environmentOf(r: Record<string, unknown>): WarehouseEnvironment {
  return {
    env: String(r.env), branch: r.branch === null ? null : String(r.branch), commit: r.commit === null ? null : String(r.commit), status: r.status === 'ok' ? 'ok' : 'failed',
    builtAt: new Date(r.built_at as string).toISOString(), schemas: (r.schemas as string[] | null) ?? [],
  };
}
