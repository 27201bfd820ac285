import pg from 'pg';
import type { ColumnInfo, EngineConnection, QueryResult, QueryRows, SqlValue } from '../../engine/engine.js';
import { rowKeys } from '../../engine/rows.js';
import { integerValue } from '../../engine/values.js';

/** PostgreSQL's type ids, named as DuckDB names its types (what dashboards and the UI read). */
const TYPE_NAMES: Record<number, string> = {
  16: 'BOOLEAN', 20: 'BIGINT', 21: 'SMALLINT', 23: 'INTEGER', 700: 'FLOAT', 701: 'DOUBLE', 1700: 'DECIMAL',
  25: 'VARCHAR', 1043: 'VARCHAR', 1042: 'VARCHAR', 1082: 'DATE', 1114: 'TIMESTAMP', 1184: 'TIMESTAMP WITH TIME ZONE', 1083: 'TIME', 1186: 'INTERVAL', 2950: 'UUID', 114: 'JSON', 3802: 'JSON',
};

/** Values as the DuckDB engines give them: numbers as numbers (big ones as text), dates and times as their text. */
const PARSERS: Record<number, (text: string) => SqlValue> = {
  20: (text) => integerValue(BigInt(text)),
  1700: (text) => Number(text),
  1082: (text) => text,
  1114: (text) => text,
  1184: (text) => text,
  1083: (text) => text,
};

/** Parsers that give values as the DuckDB engines do; the warehouse pool uses them too. */
export const typeParsers = {
  getTypeParser: ((oid: number, format?: string) => PARSERS[oid] ?? pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/**
 * One connection to the warehouse behind the engine interface, so that what runs queries on an
 * environment (dashboards, the SQL console) runs unchanged there. Its `search_path` is the
 * environment's schemas, so a query names models as it does on DuckDB.
 */
export class PgEngineConnection implements EngineConnection {
  readonly dialect = 'postgres';
  private constructor(
    private readonly client: pg.ClientBase,
    private readonly config: pg.ClientConfig,
    private readonly owned = true,
    private readonly inTransaction = false,
  ) {}

  /**
   * The engine interface over a connection someone else holds (a pooled one); close leaves it open.
   * `inTransaction`: each query runs under a savepoint, so one that fails leaves the caller's
   * transaction usable for the next (PostgreSQL aborts the whole transaction otherwise).
   */
  static over(client: pg.ClientBase, config: pg.ClientConfig, inTransaction = false): PgEngineConnection {
    return new PgEngineConnection(client, config, false, inTransaction);
  }

  static async open(config: pg.ClientConfig, searchPath: string[]): Promise<PgEngineConnection> {
    const client = new pg.Client(config);
    client.on('error', () => {});
    await client.connect();
    if (searchPath.length > 0) await client.query(`SET search_path TO ${searchPath.map((s) => client.escapeIdentifier(s)).join(', ')}`);
    return new PgEngineConnection(client, config);
  }

  async query(sql: string, params: SqlValue[] = []): Promise<QueryResult> {
    try {
      // PostgreSQL takes no parameters in CREATE ... AS (a utility statement): there, and only
      // there, values are written as literals the client escapes.
      const text = params.length > 0 && /^\s*create\b/i.test(sql) ? this.withLiterals(sql, params) : sql;
      if (this.inTransaction) await this.client.query('SAVEPOINT assay_query');
      const result = await this.client.query({ text, values: text === sql ? params : [], types: typeParsers, rowMode: 'array' });
      if (this.inTransaction) await this.client.query('RELEASE SAVEPOINT assay_query');
      const last = Array.isArray(result) ? (result.at(-1) as pg.QueryResult) : result;
      return rowsOf(last);
    } catch (err) {
      if (this.inTransaction) await this.client.query('ROLLBACK TO SAVEPOINT assay_query').catch(() => {});
      return { ok: false, error: err instanceof Error ? err.message : String(err) };
    }
  }

  async *stream(sql: string, params?: SqlValue[]): AsyncIterable<QueryRows> {
    const result = await this.query(sql, params);
    if (!result.ok) throw new Error(result.error);
    yield result;
  }

  interrupt(): void {
    const pid = (this.client as unknown as { processID?: number }).processID;
    if (!pid) return;
    const canceller = new pg.Client(this.config);
    void canceller.connect().then(() => canceller.query('SELECT pg_cancel_backend($1)', [pid])).catch(() => {}).finally(() => void canceller.end().catch(() => {}));
  }

  async close(): Promise<void> {
    if (this.owned) await (this.client as pg.Client).end().catch(() => {});
  }

  private withLiterals(sql: string, params: SqlValue[]): string {
    return sql.replace(/\$(\d+)\b/g, (whole, n: string) => {
      const value = params[Number(n) - 1];
      if (value === undefined) return whole;
      if (value === null) return 'NULL';
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return this.client.escapeLiteral(typeof value === 'string' ? value : JSON.stringify(value));
    });
  }
}

/** Rows keyed as on DuckDB (a repeated name gets a suffix, `a`, `a:1`, so no value is lost); `columns` keeps the real names. */
function rowsOf(result: pg.QueryResult): QueryRows {
  const fields = result.fields ?? [];
  const keys = rowKeys(fields.map((f) => f.name));
  const columns: ColumnInfo[] = fields.map((f) => ({ name: f.name, type: typeName(f) }));
  const rows = ((result.rows ?? []) as unknown as SqlValue[][]).map((values) => Object.fromEntries(keys.map((k, i) => [k, values[i] ?? null])));
  return { ok: true, columns, rows };
}

/** A numeric's precision and scale travel in its type modifier: ((precision << 16) | scale) + 4. */
function typeName(field: pg.FieldDef): string {
  const modifier = field.dataTypeModifier - 4;
  if (field.dataTypeID === 1700 && modifier >= 0) return `DECIMAL(${modifier >> 16},${modifier & 0xffff})`;
  return TYPE_NAMES[field.dataTypeID] ?? 'VARCHAR';
}
