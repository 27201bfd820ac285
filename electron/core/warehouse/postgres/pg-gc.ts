import type { PgWarehouse } from './pg-connection.js';
import { dropRetiredSchemas } from './pg-catalog.js';
import { withStoreToItself } from './pg-lock.js';
import { META_SCHEMA, STORE_SCHEMA, qualified } from './pg-names.js';

export interface WarehouseGcResult {
  dropped: string[];
  kept: number;
  /** Schemas an interrupted or blocked publish left behind. */
  schemas: string[];
}

/**
 * Drops the store objects no environment reads. A running build holds the store lock shared, so gc
 * never removes what a build has just made and not yet published; views go before the tables they read.
 */
export async function collectWarehouseGarbage(warehouse: PgWarehouse, options: { dryRun?: boolean } = {}): Promise<WarehouseGcResult> {
  return warehouse.withClient((client) => withStoreToItself(client, warehouse.name, async () => {
    const { rows } = await client.query<{ name: string; kind: string; used: boolean }>(
      `SELECT c.relname AS name, c.relkind AS kind, EXISTS (SELECT 1 FROM ${qualified(META_SCHEMA, 'catalog')} k WHERE k.store_object = c.relname) AS used
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'v')`,
      [STORE_SCHEMA],
    );
    const schemas = options.dryRun ? [] : await dropRetiredSchemas(client);
    const unused = rows.filter((r) => !r.used).sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'v' ? -1 : 1));
    if (!options.dryRun) {
      for (const object of unused) await client.query(`DROP ${object.kind === 'v' ? 'VIEW' : 'TABLE'} IF EXISTS ${qualified(STORE_SCHEMA, object.name)} CASCADE`);
    }
    return { dropped: unused.map((r) => r.name), kept: rows.length - unused.length, schemas };
  }));
}
