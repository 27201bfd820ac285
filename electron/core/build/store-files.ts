import { access, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { EngineConnection, SqlValue } from '../engine/engine.js';
import { checkStoreFile, recordStoreFile, setAsideStoreFile } from '../env/store-records.js';
import type { ResultCheck } from '../contracts/enforce-contract.js';
import { sqlString } from '../sql/sql-text.js';
import type { MaterializeInput } from './materialize.js';

/** Store files are immutable and named by what they hold (a fingerprint, or a hash naming what a result grew from). */
export function storeFile(storeDir: string, fingerprint: string): string {
  return path.join(storeDir, `${fingerprint.slice(0, 40)}.parquet`);
}

export interface StoreFileWrite {
  /** A result's constraints, checked on what is written before the file takes its real name. */
  check?: ResultCheck;
  /** Values bound to the SELECT's `$1, $2, ...`. */
  params?: SqlValue[];
  /** Key-value metadata kept in the Parquet footer; keys and values must be plain (letters, digits, base64). */
  metadata?: Record<string, string>;
}

/**
 * Writes a query's rows to a store file: to a temporary name first, so a crash leaves no half file
 * under the real name, and a result that breaks its contract never gets one (a file under its
 * fingerprint is reused unchecked).
 */
export async function writeStoreFile(conn: EngineConnection, select: string, physical: string, options: StoreFileWrite = {}): Promise<number> {
  const temp = `${physical}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const metadata = options.metadata ? `, KV_METADATA {${Object.entries(options.metadata).map(([k, v]) => `${k}: ${sqlString(v)}`).join(', ')}}` : '';
  try {
    const result = await run(conn, `COPY (\n${select}\n) TO ${sqlString(temp)} (FORMAT parquet${metadata})`, options.params);
    await options.check?.(conn, `read_parquet(${sqlString(temp)})`);
    await rename(temp, physical);
    // What the file is now, so that a later change to it is noticed (see store-records.ts).
    await recordStoreFile(physical);
    const count = result[0] ? Object.values(result[0])[0] : null;
    return Number(count ?? 0);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

export async function pointViewAt(input: MaterializeInput, physical: string): Promise<void> {
  await run(input.conn, `CREATE OR REPLACE VIEW ${input.node.relation} AS SELECT * FROM read_parquet(${sqlString(physical)})`);
}

export async function parquetRows(conn: EngineConnection, physical: string): Promise<number | null> {
  const result = await conn.query(`SELECT num_rows FROM parquet_file_metadata(${sqlString(physical)})`);
  return result.ok && result.rows[0] ? Number(result.rows[0].num_rows) : null;
}

export async function run(conn: EngineConnection, sql: string, params?: SqlValue[]) {
  const result = await conn.query(sql, params);
  if (!result.ok) throw new Error(result.error);
  return result.rows;
}

/**
 * A store file this build would reuse, if it is still what was written. One that is not (changed,
 * truncated, replaced) is treated as missing: set aside, said so, and written again.
 */
export async function reusable(input: MaterializeInput, file: string): Promise<boolean> {
  if (!(await exists(file))) return false;
  const check = await checkStoreFile(file);
  if (check.intact) return true;
  const aside = await setAsideStoreFile(file);
  input.onStoreProblem?.(`store file ${path.basename(file)} of ${input.node.id} is not what was written (${check.reason}): moved it to ${path.basename(aside)}; rebuilding it`);
  return false;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(() => true, () => false);
}
