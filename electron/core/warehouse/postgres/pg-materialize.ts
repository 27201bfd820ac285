import type pg from 'pg';
import type { CompiledNode } from '../../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../../compile/project-renderer.js';
import { hookTemplates } from '../../build/hooks.js';
import { seedSelect } from '../../build/materialize.js';
import { snapshotSettings, snapshotSql } from '../../build/materialize-snapshot.js';
import { contractEnforced } from '../../contracts/contract-state.js';
import { enforceContract, type ResultCheck } from '../../contracts/enforce-contract.js';
import { PgEngineConnection } from './pg-engine-connection.js';
import type { EngineConnection } from '../../engine/engine.js';
import type { ModelNode, SeedNode, SourceNode } from '../../project/project.js';
import { absoluteRelation } from '../../project/source-location.js';
import type { WarehouseEntry } from './pg-catalog.js';
import { connectionConfig, type PgWarehouse } from './pg-connection.js';
import { loadIntoWarehouse } from './pg-load.js';
import type { IncrementalPlan } from './pg-incremental-plan.js';
import { STORE_SCHEMA, qualified, quoteIdent } from './pg-names.js';

export interface PgNodeInput {
  warehouse: PgWarehouse;
  /** DuckDB reads the files PostgreSQL cannot (a source's CSVs, a seed); opened on first use. */
  duck: () => Promise<EngineConnection>;
  node: CompiledNode;
  fingerprint: string;
  /** The node's object in `assay_store` when it has one. */
  storeObject: string | null;
  buildRoot: string;
  renderer: ProjectSqlRenderer;
  previous?: WarehouseEntry;
  /** Store objects known to exist; what this build writes is added. */
  existing: Set<string>;
  /** The rows of existing store objects, as recorded when they were written. */
  knownRows: ReadonlyMap<string, number>;
  /** For an incremental model or a snapshot: what this build does with it, decided before anything rendered. */
  plan?: IncrementalPlan;
  /** `--empty`: a source read from files is loaded with its columns and no rows, as locally. */
  empty?: boolean;
}

export interface PgMaterialized {
  status: 'built' | 'reused';
  storeObject: string | null;
  rows: number | null;
}

/** What a PostgreSQL target does not build yet: the build fails on the node and says so. */
export function unsupportedOnWarehouse(node: CompiledNode): string | null {
  if (node.config.extra.parameters !== undefined) return 'parametric models (config(parameters=...)) are not built on PostgreSQL targets yet';
  return null;
}

/**
 * Makes one node's result exist in the store. Results are named by fingerprint and never change,
 * so a node whose object exists (built by this environment, `main` or any branch) is reused.
 */
export async function materializeOnWarehouse(input: PgNodeInput): Promise<PgMaterialized> {
  const { node } = input;
  const unsupported = unsupportedOnWarehouse(node);
  if (unsupported) throw new Error(unsupported);
  if (node.materialization === 'ephemeral') return { status: input.previous?.fingerprint === input.fingerprint ? 'reused' : 'built', storeObject: null, rows: null };
  if (node.kind === 'source' && !input.storeObject) return checkWarehouseTable(input);
  const object = input.storeObject as string;
  const target = qualified(STORE_SCHEMA, object);
  const checkResult = await checkContract(input);
  if (node.materialization === 'incremental') return materializeIncremental(input, checkResult);
  if (node.materialization === 'snapshot') return materializeSnapshot(input);
  if (input.existing.has(object)) return reused(input, object);
  switch (node.kind) {
    case 'source':
      return loaded(input, object, `SELECT * FROM ${absoluteRelation((node.source as SourceNode).deliveredRelation ?? (node.source as SourceNode).relation, (node.source as SourceNode).fileGlobs, input.buildRoot)}${input.empty ? ' LIMIT 0' : ''}`);
    case 'seed':
      return loaded(input, object, seedSelect(node.source as SeedNode, input.buildRoot));
    default: {
      if (node.materialization === 'view') return created(input, object, async (client) => (await client.query(`CREATE VIEW ${target} AS\n${node.execSql as string}`)).rowCount);
      return createTable(input, object, checkResult);
    }
  }
}

async function loaded(input: PgNodeInput, object: string, select: string): Promise<PgMaterialized> {
  const rows = await loadIntoWarehouse(await input.duck(), select, input.warehouse, qualified(STORE_SCHEMA, object)).catch((err: unknown) => {
    if (isDuplicate(err)) return null;
    throw err;
  });
  input.existing.add(object);
  return rows === null ? reused(input, object) : { status: 'built', storeObject: object, rows };
}

/** Runs the node's pre-hooks, the statement that makes its object, and its post-hooks, on one connection. */
async function created(input: PgNodeInput, object: string, make: (client: pg.PoolClient) => Promise<number | null>): Promise<PgMaterialized> {
  const hooks = renderHooks(input, object);
  try {
    const rows = await input.warehouse.withClient(async (client) => {
      for (const hook of hooks.pre) await client.query(hook);
      const count = await make(client);
      for (const hook of hooks.post) await client.query(hook);
      return count;
    });
    input.existing.add(object);
    return { status: 'built', storeObject: object, rows: input.node.materialization === 'view' ? null : rows };
  } catch (err) {
    // Another build made the same result a moment earlier: it is the same, by its fingerprint.
    if (isDuplicate(err)) return reused(input, object);
    throw err;
  }
}

async function materializeIncremental(input: PgNodeInput, checkResult: ResultCheck | null): Promise<PgMaterialized> {
  const plan = input.plan;
  if (!plan) throw new Error(`incremental model ${input.node.name} has no plan`);
  if (plan.action === 'reuse' || (plan.action === 'full' && input.existing.has(plan.object))) return reused(input, plan.object);
  if (plan.action === 'full') return createTable(input, plan.object, checkResult);
  const { node } = input;
  const model = node.source as ModelNode;
  const old = qualified(STORE_SCHEMA, plan.from);
  const rendered = input.renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: old, isIncremental: true, absolute: true });
  if (!rendered.ok) throw new Error(rendered.error.message);
  const keys = uniqueKeys(node);
  const target = qualified(STORE_SCHEMA, plan.object);
  return created(input, plan.object, (client) => inTransaction(client, input, target, checkResult, async () => {
    await client.query(`CREATE TEMP TABLE "__assay_new" ON COMMIT DROP AS\n${rendered.sql.trim().replace(/;\s*$/, '')}`);
    const columns = (await tempColumns(client, '__assay_new')).map(quoteIdent).join(', ');
    const kept = keys.length === 0 || node.config.incremental_strategy === 'append'
      ? `SELECT ${columns} FROM ${old}`
      : `SELECT ${columns} FROM ${old} AS o WHERE NOT EXISTS (SELECT 1 FROM "__assay_new" AS n WHERE ${keys.map((k) => `n.${quoteIdent(k)} IS NOT DISTINCT FROM o.${quoteIdent(k)}`).join(' AND ')})`;
    return (await client.query(`CREATE TABLE ${target} AS\n${kept}\nUNION ALL\nSELECT ${columns} FROM "__assay_new"`)).rowCount;
  }));
}

/** A snapshot's next version, as on DuckDB (build/materialize-snapshot.ts), written in PostgreSQL's SQL. */
async function materializeSnapshot(input: PgNodeInput): Promise<PgMaterialized> {
  const { node, plan } = input;
  if (!plan) throw new Error(`snapshot ${node.name} has no plan`);
  if (plan.action === 'reuse') return reused(input, plan.object);
  const settings = snapshotSettings(node);
  if ('problem' in settings) throw new Error(settings.problem);
  const target = qualified(STORE_SCHEMA, plan.object);
  return created(input, plan.object, (client) => inTransaction(client, input, target, null, async () => {
    await client.query(`CREATE TEMP TABLE "__assay_snapshot" ON COMMIT DROP AS\n${node.execSql as string}`);
    const columns = await tempColumns(client, '__assay_snapshot');
    const now = `TIMESTAMP '${new Date().toISOString().replace('T', ' ').replace('Z', '')}'`;
    const sql = snapshotSql(settings, '"__assay_snapshot"', plan.action === 'grow' ? qualified(STORE_SCHEMA, plan.from) : null, columns, now, 'postgres');
    return (await client.query(`CREATE TABLE ${target} AS\n${sql}`)).rowCount;
  }));
}

/** The columns of a temporary table, in order. */
async function tempColumns(client: pg.PoolClient, table: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>('SELECT attname AS name FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped ORDER BY attnum', [quoteIdent(table)]);
  return rows.map((r) => r.name);
}

function createTable(input: PgNodeInput, object: string, checkResult: ResultCheck | null): Promise<PgMaterialized> {
  const target = qualified(STORE_SCHEMA, object);
  return created(input, object, (client) => inTransaction(client, input, target, checkResult, async () => (await client.query(`CREATE TABLE ${target} AS\n${input.node.execSql as string}`)).rowCount));
}

/**
 * Writes a result in a transaction: a contracted model's constraints are checked on it before
 * COMMIT, so a result that breaks them never exists under its name.
 */
async function inTransaction(client: pg.PoolClient, input: PgNodeInput, written: string, checkResult: ResultCheck | null, write: () => Promise<number | null>): Promise<number | null> {
  await client.query('BEGIN');
  try {
    const rows = await write();
    await checkResult?.(PgEngineConnection.over(client, connectionConfig(input.warehouse.target), true), written);
    await client.query('COMMIT');
    return rows;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

/** A contracted model's columns and types, checked on the warehouse before anything is written; its constraints' check, for what is. */
async function checkContract(input: PgNodeInput): Promise<ResultCheck | null> {
  if (!contractEnforced(input.node.config)) return null;
  return input.warehouse.withClient((client) => enforceContract(PgEngineConnection.over(client, connectionConfig(input.warehouse.target)), input.node, 'PostgreSQL'));
}

/** A source without files is a table of the warehouse, read where it is: it must exist. */
async function checkWarehouseTable(input: PgNodeInput): Promise<PgMaterialized> {
  const [row] = await input.warehouse.query<{ found: string | null }>('SELECT to_regclass($1)::text AS found', [input.node.relation]);
  if (!row?.found) throw new Error(`source table ${input.node.relation} does not exist on ${input.warehouse.name}`);
  return { status: 'reused', storeObject: null, rows: null };
}

function reused(input: PgNodeInput, object: string): PgMaterialized {
  return { status: 'reused', storeObject: object, rows: input.knownRows.get(object) ?? null };
}

function renderHooks(input: PgNodeInput, object: string): { pre: string[]; post: string[] } {
  const { node } = input;
  const render = (template: string) => {
    const rendered = input.renderer.render(template, node.source.location.file, { nodeName: node.name, thisRelation: qualified(STORE_SCHEMA, object), absolute: true });
    if (!rendered.ok) throw new Error(`hook: ${rendered.error.message}`);
    return rendered.sql;
  };
  return { pre: hookTemplates(node.config.extra, 'pre').map(render), post: hookTemplates(node.config.extra, 'post').map(render) };
}

function uniqueKeys(node: CompiledNode): string[] {
  const key = node.config.unique_key;
  if (!key) return [];
  return Array.isArray(key) ? key : key.split(',').map((k) => k.trim());
}

function isDuplicate(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } }).cause;
  const code = (err as { code?: string }).code ?? cause?.code;
  return code === '42P07' || code === '23505';
}
