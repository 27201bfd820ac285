import type pg from 'pg';
import type { PgWarehouse } from './pg-connection.js';
import { dropRetiredSchemas } from './pg-catalog.js';
import { withStoreToItself } from './pg-lock.js';
import { META_SCHEMA, STORE_SCHEMA, qualified } from './pg-names.js';

export interface WarehouseGcResult {
  dropped: string[];
  kept: number;
  /** Schemas an interrupted or blocked publish left behind. */
  schemas: string[];
  /** Unused store objects kept because something outside Assay's environments still reads them (a view of someone's), each with what reads it. */
  held: { name: string; readBy: string }[];
}

/**
 * Drops the store objects no environment reads. A running build holds the store lock shared, so gc
 * never removes what a build has just made and not yet published. Nothing is dropped with CASCADE:
 * an object something else still reads (a view someone made over it) refuses to go, and is kept and
 * named; dropping goes round until nothing more can go, so views go before what they read.
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
    if (options.dryRun) return { dropped: unused.map((r) => r.name), kept: rows.length - unused.length, schemas, held: [] };
    const dropped: string[] = [];
    let left = unused;
    for (let progress = true; progress && left.length > 0;) {
      const stuck: typeof left = [];
      for (const object of left) {
        const gone = await client.query(`DROP ${object.kind === 'v' ? 'VIEW' : 'TABLE'} IF EXISTS ${qualified(STORE_SCHEMA, object.name)}`).then(() => true, (err: { code?: string }) => {
          if (err.code === '2BP01') return false;
          throw err;
        });
        if (gone) dropped.push(object.name);
        else stuck.push(object);
      }
      progress = stuck.length < left.length;
      left = stuck;
    }
    const held = await Promise.all(left.map(async (object) => ({ name: object.name, readBy: await readers(client, object.name) })));
    return { dropped, kept: rows.length - unused.length + held.length, schemas, held };
  }));
}

/** What reads a store object, as PostgreSQL records it (views over it, by schema and name). */
async function readers(client: pg.PoolClient, object: string): Promise<string> {
  const { rows } = await client.query<{ reader: string }>(
    `SELECT DISTINCT dn.nspname || '.' || dc.relname AS reader
     FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class dc ON dc.oid = r.ev_class JOIN pg_namespace dn ON dn.oid = dc.relnamespace
     WHERE d.refobjid = $1::regclass AND dc.oid <> d.refobjid ORDER BY 1`,
    [qualified(STORE_SCHEMA, object)],
  );
  return rows.map((r) => r.reader).join(', ') || 'another object';
}
