import type pg from 'pg';
import { lockKey } from './pg-names.js';

/** Builds hold this shared; `gc` takes it exclusively, so it never drops what a running build just made. */
const STORE_KEY = lockKey('assay:store');

export class WarehouseBusyError extends Error {}

/**
 * Holds an environment's build lock on the warehouse for as long as `work` runs, on a connection of
 * its own: the server releases it if the process dies, so a killed build never leaves it locked.
 */
export async function withEnvironmentLock<T>(client: pg.PoolClient, env: string, where: string, work: () => Promise<T>): Promise<T> {
  const [row] = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [lockKey(`assay:env:${env}`)])).rows;
  if (!row?.got) throw new WarehouseBusyError(`${where}: environment '${env}' is being built by another Assay process; try again when it has finished`);
  try {
    await client.query('SELECT pg_advisory_lock_shared($1)', [STORE_KEY]);
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
  }
}

/** For `gc`: the store to itself, or an error when a build is running. */
export async function withStoreToItself<T>(client: pg.PoolClient, where: string, work: () => Promise<T>): Promise<T> {
  const [row] = (await client.query<{ got: boolean }>('SELECT pg_try_advisory_lock($1) AS got', [STORE_KEY])).rows;
  if (!row?.got) throw new WarehouseBusyError(`${where}: a build is running; gc waits until no build is`);
  try {
    return await work();
  } finally {
    await client.query('SELECT pg_advisory_unlock_all()').catch(() => {});
  }
}
