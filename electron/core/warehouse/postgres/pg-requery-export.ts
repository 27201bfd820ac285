import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { CompiledProject } from '../../compile/compiled-project.js';
import type { Dashboard } from '../../dashboards/dashboard.js';
import { MAX_REQUERY_BYTES, type RequeryData, type RequeryTable } from '../../dashboards/publish/requery-data.js';
import { quoteIdentifier } from '../../sql/sql-text.js';
import { connectionConfig, type PgWarehouse } from './pg-connection.js';

/** A column as the warehouse describes it. */
type WarehouseColumn = { name: string; type: string; precision: number | null; scale: number | null };

/**
 * The tables a dashboard reads, exported from its environment on the warehouse for a published
 * page's controls: each relation's rows come out of PostgreSQL with `COPY ... TO STDOUT` as CSV,
 * gzipped on the way, and go into the page under the name the dashboard's DuckDB SQL reads
 * (`pageCompiled`), with every column's type mapped to DuckDB's so nothing is re-guessed. A column
 * type with no exact DuckDB counterpart keeps the page to the results the warehouse computed, and
 * the reason is given, as for a local publish.
 */
export async function exportRequeryFromWarehouse(warehouse: PgWarehouse, warehouseCompiled: CompiledProject, pageCompiled: CompiledProject, dashboard: Dashboard, maxBytes = MAX_REQUERY_BYTES): Promise<RequeryData> {
  if (dashboard.parameters.length === 0) return { ok: false, reason: 'the dashboard has no parameters' };
  const tables: RequeryTable[] = [];
  let total = 0;
  for (const [index, id] of dashboard.dependsOn.entries()) {
    const onWarehouse = warehouseCompiled.nodes.get(id);
    const onPage = pageCompiled.nodes.get(id);
    if (!onWarehouse?.objectName || !onPage?.objectName || onWarehouse.kind === 'source') {
      return { ok: false, reason: `${id} has no table or view in this environment (a source read from files, an ephemeral or an unbuilt model): the page can only load built models and seeds` };
    }
    const columns = await describe(warehouse, onWarehouse.relation);
    const mapped = columns.map((c) => ({ name: c.name, type: duckdbTypeOf(c) }));
    const unmapped = mapped.findIndex((c) => c.type === null);
    if (unmapped >= 0) return { ok: false, reason: `${id}.${columns[unmapped]?.name} is ${columns[unmapped]?.type} on ${warehouse.name}, which does not travel as CSV` };
    const bytes = await copyGzipped(warehouse, `SELECT ${columns.map(csvValue).join(', ')} FROM ${onWarehouse.relation}`, maxBytes - total);
    if (bytes === null) return { ok: false, reason: `the data it reads is larger than ${Math.round(maxBytes / 1024 / 1024)} MB compressed` };
    total += bytes.length;
    tables.push({ relation: onPage.relation, file: `${index}.csv.gz`, columns: mapped as { name: string; type: string }[], bytes });
  }
  return { ok: true, tables };
}

async function describe(warehouse: PgWarehouse, relation: string): Promise<WarehouseColumn[]> {
  return warehouse.query<WarehouseColumn>(
    `SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type,
            CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod > 0 THEN ((a.atttypmod - 4) >> 16) & 65535 END AS precision,
            CASE WHEN a.atttypid = 'numeric'::regtype AND a.atttypmod > 0 THEN (a.atttypmod - 4) & 65535 END AS scale
       FROM pg_attribute a
      WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`,
    [relation],
  );
}

const DUCKDB_TYPES: Record<string, string> = {
  boolean: 'BOOLEAN',
  smallint: 'SMALLINT',
  integer: 'INTEGER',
  bigint: 'BIGINT',
  real: 'FLOAT',
  'double precision': 'DOUBLE',
  text: 'VARCHAR',
  'character varying': 'VARCHAR',
  character: 'VARCHAR',
  date: 'DATE',
  'time without time zone': 'TIME',
  'timestamp without time zone': 'TIMESTAMP',
  uuid: 'UUID',
};

/**
 * DuckDB's type for a warehouse column. A `numeric` without precision (what PostgreSQL's sum and
 * avg return) becomes DOUBLE: the page casts every decimal to DOUBLE before it draws anyway.
 */
export function duckdbTypeOf(column: Pick<WarehouseColumn, 'type' | 'precision' | 'scale'>): string | null {
  if (column.type === 'numeric') {
    return column.precision !== null && column.precision <= 38 ? `DECIMAL(${column.precision},${column.scale ?? 0})` : 'DOUBLE';
  }
  return DUCKDB_TYPES[column.type] ?? null;
}

/** PostgreSQL writes booleans as t/f and dates in the session's DateStyle: written out as DuckDB reads them. */
function csvValue(column: WarehouseColumn): string {
  const name = quoteIdentifier(column.name);
  if (column.type === 'boolean') return `CASE WHEN ${name} THEN 'true' WHEN NOT ${name} THEN 'false' END AS ${name}`;
  if (column.type === 'date') return `to_char(${name}, 'YYYY-MM-DD') AS ${name}`;
  if (column.type === 'timestamp without time zone') return `to_char(${name}, 'YYYY-MM-DD"T"HH24:MI:SS.US') AS ${name}`;
  return name;
}

/**
 * The query's rows as gzipped CSV with a header, or null once the compressed bytes pass `limit`. On
 * a connection of its own, which is dropped when the limit is passed: the server stops sending.
 */
async function copyGzipped(warehouse: PgWarehouse, sql: string, limit: number): Promise<Buffer | null> {
  const client = new pg.Client(connectionConfig(warehouse.target));
  client.on('error', () => {});
  await client.connect().catch((err: unknown) => {
    throw warehouse.error(err);
  });
  const chunks: Buffer[] = [];
  let size = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      chunks.push(chunk);
      done(size > limit ? new TooLarge() : undefined);
    },
  });
  try {
    await pipeline(client.query(copyTo(`COPY (${sql}) TO STDOUT WITH (FORMAT csv, HEADER)`)), createGzip(), sink);
    return Buffer.concat(chunks);
  } catch (err) {
    if (err instanceof TooLarge) return null;
    throw warehouse.error(err, 'exporting a dashboard\'s table: ');
  } finally {
    await client.end().catch(() => {});
  }
}

class TooLarge extends Error {}
