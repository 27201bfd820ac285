import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom } from 'pg-copy-streams';
import { run } from '../../build/store-files.js';
import type { EngineConnection } from '../../engine/engine.js';
import { sqlString } from '../../sql/sql-text.js';
import type { PgWarehouse } from './pg-connection.js';
import { quoteIdent } from './pg-names.js';
import { postgresTypeOf } from './pg-types.js';

/**
 * Loads what DuckDB reads (a source's files, a seed's CSV) into a new table on the warehouse:
 * DuckDB writes it as CSV, PostgreSQL reads it with `COPY ... FROM STDIN`, and the table appears
 * in one transaction, whole or not at all. Returns the rows loaded.
 */
export async function loadIntoWarehouse(duck: EngineConnection, select: string, warehouse: PgWarehouse, table: string): Promise<number> {
  const columns = (await run(duck, `DESCRIBE ${select}`)).map((r) => ({ name: String(r.column_name), type: String(r.column_type) }));
  const folder = await mkdtemp(path.join(os.tmpdir(), 'assay-load-'));
  const file = path.join(folder, 'rows.csv');
  try {
    const exported = columns.map((c) => (postgresTypeOf(c.type) === 'jsonb' ? `to_json(${quoteIdent(c.name)}) AS ${quoteIdent(c.name)}` : quoteIdent(c.name)));
    await run(duck, `COPY (SELECT ${exported.join(', ')} FROM (${select})) TO ${sqlString(file)} (FORMAT csv, HEADER false)`);
    const definition = columns.map((c) => `${quoteIdent(c.name)} ${postgresTypeOf(c.type)}`).join(', ');
    return await warehouse.withClient(async (client) => {
      await client.query('BEGIN');
      try {
        await client.query(`CREATE TABLE ${table} (${definition})`);
        const copy = client.query(copyFrom(`COPY ${table} FROM STDIN WITH (FORMAT csv)`));
        await pipeline(createReadStream(file), copy);
        await client.query('COMMIT');
        return copy.rowCount ?? 0;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => {});
        throw err;
      }
    });
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
