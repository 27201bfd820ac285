import type { EngineConnection, Engine } from '../engine/engine.js';
import { openEngine } from '../engine/open-engine.js';
import type { CatalogInfo } from '../env/catalog.js';
import { sqlString } from '../sql/sql-text.js';

export const BASE_DB = 'assay_base';
export const COMPARE_DB = 'assay_compare';

export interface AttachedEnvironments {
  conn: EngineConnection;
  baseDb: string;
  compareDb: string;
  close(): Promise<void>;
}

/**
 * Both environments attached read-only to one in-memory connection, so every comparison is one
 * DuckDB query. `setup` is what their connections run first (see `sessionOfBoth`).
 */
export async function attachEnvironments(baseFile: string, compareFile: string, setup: readonly string[]): Promise<AttachedEnvironments> {
  const engine: Engine = await openEngine({ path: ':memory:', setup });
  const conn = await engine.connect();
  const close = async () => {
    await conn.close();
    await engine.close();
  };
  const attach = async (file: string, name: string) => {
    const result = await conn.query(`ATTACH ${sqlString(file)} AS ${name} (READ_ONLY)`);
    if (!result.ok) {
      await close();
      throw new Error(`cannot open environment ${file}: ${result.error}`);
    }
  };
  await attach(baseFile, BASE_DB);
  const same = baseFile === compareFile;
  if (!same) await attach(compareFile, COMPARE_DB);
  return { conn, baseDb: BASE_DB, compareDb: same ? BASE_DB : COMPARE_DB, close };
}

/** The session statements of two environments (their profiles' extensions and settings), each once. */
export function sessionOfBoth(base: Pick<CatalogInfo, 'setup'>, compare: Pick<CatalogInfo, 'setup'>): string[] {
  return [...new Set([...base.setup, ...compare.setup])];
}
