import { copyFile, rm } from 'node:fs/promises';
import type { EngineConnection, SqlValue } from '../../engine/engine.js';
import { openEngine } from '../../engine/open-engine.js';
import { sqlString } from '../../sql/sql-text.js';

export interface CatalogChanges {
  env: string;
  branch: string | null;
  /** The project folder the catalog's absolute paths name, and the one they should name now (an import). */
  moveRoot?: { from: string; to: string };
}

/**
 * Writes a copy of a catalog, as another environment's (a clone) or at another place (an import):
 * its record names the new environment, and when the project moved, every absolute path it holds
 * (each view's store and source files, each node's result, the folder it was built from) names the
 * new folder. The caller renames the copy into place.
 */
export async function writeCatalogCopy(source: string, target: string, changes: CatalogChanges): Promise<void> {
  await copyFile(source, target);
  try {
    const engine = await openEngine({ path: target });
    try {
      const conn = await engine.connect();
      try {
        await must(conn, 'BEGIN TRANSACTION');
        await must(conn, 'UPDATE _assay_env SET env = $1, branch = $2', [changes.env, changes.branch]);
        if (changes.moveRoot) await moveRoot(conn, changes.moveRoot.from, changes.moveRoot.to);
        await must(conn, 'COMMIT');
        await must(conn, 'CHECKPOINT');
      } finally {
        await conn.close();
      }
    } finally {
      await engine.close();
    }
  } catch (err) {
    await rm(target, { force: true });
    await rm(`${target}.wal`, { force: true });
    throw err;
  }
}

async function moveRoot(conn: EngineConnection, from: string, to: string): Promise<void> {
  await must(conn, 'UPDATE _assay_env SET root = $2 || substr(root, length($1) + 1) WHERE starts_with(root, $1)', [from, to]);
  await must(conn, 'UPDATE _assay_nodes SET physical = $2 || substr(physical, length($1) + 1) WHERE starts_with(physical, $1)', [from, to]);
  const views = await conn.query('SELECT sql FROM duckdb_views() WHERE NOT internal');
  if (!views.ok) throw new Error(`reading the catalog's views failed: ${views.error}`);
  // Paths appear in the views' SQL as string literals: replaced in that quoted form.
  const [quotedFrom, quotedTo] = [sqlString(from).slice(1, -1), sqlString(to).slice(1, -1)];
  for (const { sql } of views.rows) {
    const text = String(sql);
    if (!text.includes(`'${quotedFrom}`)) continue;
    const moved = text.replaceAll(`'${quotedFrom}`, `'${quotedTo}`).replace(/^CREATE VIEW/i, 'CREATE OR REPLACE VIEW');
    await must(conn, moved);
  }
}

async function must(conn: EngineConnection, sql: string, params?: SqlValue[]): Promise<void> {
  const result = await conn.query(sql, params);
  if (!result.ok) throw new Error(`rewriting the catalog failed: ${result.error}`);
}
