import path from 'node:path';
import type { NodeBuildStatus } from '../../../shared/build-types.js';
import type { CompiledNode } from '../compile/compiled-project.js';
import type { ProjectSqlRenderer } from '../compile/project-renderer.js';
import type { EngineConnection } from '../engine/engine.js';
import type { CatalogEntry } from '../env/catalog.js';
import { sha256 } from '../env/fingerprint.js';
import type { ModelNode, SeedNode, SourceNode } from '../project/project.js';
import { absoluteRelation } from '../project/source-location.js';
import { diagnoseSeed } from './seed-diagnosis.js';
import { snapshotSettings, snapshotSql, snapshotVersionName } from './materialize-snapshot.js';
import { quoteIdentifier, sqlString } from '../sql/sql-text.js';
import { enforceContract, type ResultCheck } from '../contracts/enforce-contract.js';
import { materializeParametric } from '../parametric/materialize-parametric.js';
import type { ParametricBuild } from '../parametric/parametric-build.js';
import { parquetRows, pointViewAt, reusable, run, storeFile, writeStoreFile } from './store-files.js';

export { storeFile };

export interface MaterializeInput {
  conn: EngineConnection;
  node: CompiledNode;
  fingerprint: string;
  /** The folder the project files are read from (the working tree, or a worktree). */
  buildRoot: string;
  storeDir: string;
  renderer: ProjectSqlRenderer;
  /** This node in the environment being replaced (or the base environment), if it was there. */
  previous?: CatalogEntry;
  fullRefresh: boolean;
  /** `--empty`: a source's snapshot holds its columns and no rows. */
  empty?: boolean;
  /**
   * An incremental model may grow its previous result only when that result is this
   * environment's own and the model's definition is unchanged; a branch's first build, or an
   * edited model, rebuilds it whole (otherwise a branch would inherit main's rows as they were).
   */
  canAppend?: boolean;
  /** Told when a store file this build would have reused is no longer what was written (it is then rebuilt). */
  onStoreProblem?: (message: string) => void;
  /** A contracted table's constraints, checked on what it writes before the file takes its real name (set by `materialize`). */
  checkResult?: ResultCheck;
  /** Set for a parametric model (`config(parameters=...)`): it is run once per value (parametric/). */
  parametric?: ParametricBuild;
}

export interface Materialized {
  status: Extract<NodeBuildStatus, 'built' | 'reused'>;
  physical: string | null;
  rows: number | null;
}

/**
 * Makes one node exist in the catalog being built. Results are immutable files named by
 * fingerprint, so a node whose fingerprint is already in the store (built by this branch before,
 * by `main`, or by any other branch) costs a view, not a rebuild.
 */
export async function materialize(input: MaterializeInput): Promise<Materialized> {
  // A contracted model's columns are checked before anything is written; its constraints on what is.
  const checkResult = await enforceContract(input.conn, input.node);
  return materializeNode(checkResult ? { ...input, checkResult } : input);
}

async function materializeNode(input: MaterializeInput): Promise<Materialized> {
  const { node, conn } = input;
  switch (node.materialization) {
    case 'ephemeral':
      // Nothing is stored: the model is inlined where it is used.
      return { status: input.previous?.fingerprint === input.fingerprint ? 'reused' : 'built', physical: null, rows: null };
    case 'source':
      return materializeSource(input);
    case 'view': {
      await run(conn, `CREATE OR REPLACE VIEW ${node.relation} AS\n${node.execSql}`);
      const same = input.previous?.fingerprint === input.fingerprint;
      return { status: same ? 'reused' : 'built', physical: null, rows: null };
    }
    case 'seed':
      return materializeSeed(input);
    case 'table':
      return input.parametric ? materializeParametric(input, input.parametric) : materializeFile(input, selectFor(input));
    case 'incremental':
      return materializeIncremental(input);
    case 'snapshot':
      return materializeSnapshot(input);
  }
}

/**
 * A snapshot's next version is its previous version (this environment's, or for a branch's first
 * build its base's, which it never writes) with changed and new rows recorded; each version is a
 * new store file. `--full-refresh` leaves snapshots alone, as in dbt: their history cannot be rebuilt.
 */
async function materializeSnapshot(input: MaterializeInput): Promise<Materialized> {
  const { node, conn, previous } = input;
  const settings = snapshotSettings(node);
  if ('problem' in settings) throw new Error(settings.problem);
  const previousPhysical = previous?.physical && (await reusable(input, previous.physical)) ? previous.physical : null;
  if (previousPhysical && previous?.fingerprint === input.fingerprint) {
    await pointViewAt(input, previousPhysical);
    return { status: 'reused', physical: previousPhysical, rows: previous.rows };
  }
  const temp = `"__assay_snapshot_${node.name.replaceAll('"', '')}"`;
  await run(conn, `CREATE OR REPLACE TEMP TABLE ${temp} AS\n${node.execSql as string}`);
  const columns = (await run(conn, `SELECT column_name FROM (DESCRIBE ${temp})`)).map((r) => String(r.column_name));
  const now = `TIMESTAMP '${new Date().toISOString().replace('T', ' ').replace('Z', '')}'`;
  const sql = snapshotSql(settings, temp, previousPhysical ? `read_parquet(${sqlString(previousPhysical)})` : null, columns, now);
  const physical = storeFile(input.storeDir, snapshotVersionName(input.fingerprint, previousPhysical));
  const rows = await writeStoreFile(conn, sql, physical);
  await run(conn, `DROP TABLE ${temp}`);
  await pointViewAt(input, physical);
  return { status: 'built', physical, rows };
}

async function materializeFile(input: MaterializeInput, select: () => string, withView = true): Promise<Materialized> {
  const physical = storeFile(input.storeDir, input.fingerprint);
  if (!input.fullRefresh && (await reusable(input, physical))) {
    if (withView) await pointViewAt(input, physical);
    const known = input.previous?.physical === physical ? input.previous.rows : null;
    return { status: 'reused', physical, rows: known ?? (await parquetRows(input.conn, physical)) };
  }
  const rows = await writeStoreFile(input.conn, select(), physical, { check: input.checkResult });
  if (withView) await pointViewAt(input, physical);
  return { status: 'built', physical, rows };
}

/** A source's files are snapshotted once per content (see exec-sql.ts); a changed file makes a new snapshot. */
async function materializeSource(input: MaterializeInput): Promise<Materialized> {
  const source = input.node.source as SourceNode;
  const held = source.databaseTable;
  if (held) {
    const file = path.resolve(input.buildRoot, held.file);
    await run(input.conn, `ATTACH IF NOT EXISTS ${sqlString(file)} AS ${quoteIdentifier(held.alias)} (READ_ONLY)`).catch((err: Error) => {
      throw new Error(`source ${source.name}: the profile's database ${held.file} cannot be opened read-only: ${err.message}`);
    });
    const table = [held.alias, held.schema, held.identifier].map(quoteIdentifier).join('.');
    return materializeFile(input, () => `SELECT * FROM ${table}${input.empty ? ' LIMIT 0' : ''}`, false);
  }
  const raw = absoluteRelation(source.deliveredRelation ?? source.relation, source.fileGlobs, input.buildRoot);
  return materializeFile(input, () => `SELECT * FROM ${raw}${input.empty ? ' LIMIT 0' : ''}`, false);
}

/**
 * An incremental model appends to (or, with a `unique_key`, replaces rows of) its previous result.
 * The new result is a new store file, named by the fingerprint and the result it grew from, so the
 * previous environment keeps reading the old file until the new catalog is published.
 */
async function materializeIncremental(input: MaterializeInput): Promise<Materialized> {
  const { previous, node, conn } = input;
  const previousUsable = previous?.physical ? await reusable(input, previous.physical) : false;
  if (previous?.fingerprint === input.fingerprint && previous.physical && previousUsable && !input.fullRefresh) {
    await pointViewAt(input, previous.physical);
    return { status: 'reused', physical: previous.physical, rows: previous.rows };
  }
  if (input.fullRefresh || !input.canAppend || !previous?.physical || !previousUsable) {
    return materializeFile(input, () => node.execSql as string);
  }
  const model = node.source as ModelNode;
  await pointViewAt(input, previous.physical);
  const rendered = input.renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, isIncremental: true, absolute: true });
  if (!rendered.ok) throw new Error(rendered.error.message);
  const temp = `"__assay_new_${node.name.replaceAll('"', '')}"`;
  await run(conn, `CREATE OR REPLACE TEMP TABLE ${temp} AS\n${rendered.sql}`);
  const old = `read_parquet(${sqlString(previous.physical)})`;
  const keys = uniqueKeys(node);
  const kept = keys.length === 0 || node.config.incremental_strategy === 'append'
    ? `SELECT * FROM ${old}`
    : `SELECT * FROM ${old} AS o WHERE NOT EXISTS (SELECT 1 FROM ${temp} AS n WHERE ${keys.map((k) => `n."${k}" IS NOT DISTINCT FROM o."${k}"`).join(' AND ')})`;
  const physical = storeFile(input.storeDir, sha256(`${input.fingerprint}:${previous.physical}`));
  const rows = await writeStoreFile(conn, `${kept}\nUNION ALL BY NAME\nSELECT * FROM ${temp}`, physical, { check: input.checkResult });
  await run(conn, `DROP TABLE ${temp}`);
  await pointViewAt(input, physical);
  return { status: 'built', physical, rows };
}

async function materializeSeed(input: MaterializeInput): Promise<Materialized> {
  try {
    return await materializeFile(input, selectFor(input));
  } catch (err) {
    const seed = input.node.source as SeedNode;
    const delimiter = typeof seed.config.extra.delimiter === 'string' ? seed.config.extra.delimiter : ',';
    const problem = await diagnoseSeed(path.join(input.buildRoot, seed.location.file), delimiter);
    if (problem) throw new Error(problem, { cause: err });
    throw err;
  }
}

function selectFor(input: MaterializeInput): () => string {
  const { node } = input;
  if (node.materialization !== 'seed') return () => node.execSql as string;
  return () => seedSelect(node.source as SeedNode, input.buildRoot);
}

/** The SELECT that reads a seed's CSV as the build loads it. */
export function seedSelect(seed: SeedNode, buildRoot: string): string {
  // dbt reads seeds as comma-separated with double quotes; DuckDB's sniffer would otherwise read a
  // malformed file as one wide column instead of failing.
  const delimiter = typeof seed.config.extra.delimiter === 'string' ? seed.config.extra.delimiter : ',';
  const options = ['header = true', `delim = ${sqlString(delimiter)}`, `quote = '"'`];
  const types = seed.config.extra.column_types;
  if (types && typeof types === 'object') {
    const entries = Object.entries(types as Record<string, unknown>).map(([col, type]) => `${sqlString(col)}: ${sqlString(String(type))}`);
    options.push(`types = {${entries.join(', ')}}`);
  }
  return `SELECT * FROM read_csv(${sqlString(path.join(buildRoot, seed.location.file))}, ${options.join(', ')})`;
}

function uniqueKeys(node: CompiledNode): string[] {
  const key = node.config.unique_key;
  if (!key) return [];
  return Array.isArray(key) ? key : key.split(',').map((k) => k.trim());
}
