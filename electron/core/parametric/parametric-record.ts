import type { EngineConnection } from '../engine/engine.js';
import { sqlString } from '../sql/sql-text.js';

/** The key of a parametric result's record in its store file's Parquet footer. */
const RECORD_KEY = 'assay_parametric';

/**
 * What a parametric model's store file holds: the values it was computed for (every one, including
 * those that gave no rows) and the lineage (SQL and config of the model and of everything upstream)
 * they were computed under. A later build keeps those values only under the same lineage.
 */
export interface ParametricRecord {
  lineage: string;
  parameter: string;
  type: string;
  values: string[];
}

/** The record as Parquet key-value metadata: base64, so that no value's text ever enters SQL. */
export function recordMetadata(record: ParametricRecord): Record<string, string> {
  return { [RECORD_KEY]: Buffer.from(JSON.stringify(record)).toString('base64') };
}

/** The record of a store file, or null when it has none (written before, or not by a parametric model). */
export async function readParametricRecord(conn: EngineConnection, physical: string): Promise<ParametricRecord | null> {
  const result = await conn.query(`SELECT CAST(value AS VARCHAR) AS value FROM parquet_kv_metadata(${sqlString(physical)}) WHERE CAST(key AS VARCHAR) = ${sqlString(RECORD_KEY)}`);
  const text = result.ok ? result.rows[0]?.value : undefined;
  if (typeof text !== 'string') return null;
  try {
    const record = JSON.parse(Buffer.from(text, 'base64').toString('utf8')) as ParametricRecord;
    return Array.isArray(record.values) && typeof record.lineage === 'string' ? record : null;
  } catch {
    return null;
  }
}
