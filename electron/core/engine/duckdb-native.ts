/** The default engine: native DuckDB through `@duckdb/node-api`. */
import {
  BOOLEAN,
  DOUBLE,
  DuckDBInstance,
  VARCHAR,
  type DuckDBConnection,
  type DuckDBDataChunk,
  type DuckDBResult,
  type DuckDBType,
} from '@duckdb/node-api';
import { connectionSetup, setupError } from './connection-setup.js';
import { ConnectionGate, INTERRUPTED, STREAM_OPEN_ERROR } from './connection-gate.js';
import type { ColumnInfo, Engine, EngineConnection, OpenOptions, QueryResult, QueryRows, SqlValue } from './engine.js';
import { claimDatabaseFile } from './file-claims.js';
import { fromNativeValue } from './native-values.js';
import { checkParams, type ScalarParam } from './params.js';
import { buildRows, rowKeys } from './rows.js';

export async function openNativeEngine(options: OpenOptions): Promise<Engine> {
  const releaseFile = claimDatabaseFile(options.path, options.readOnly ?? false);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(options.path, options.readOnly ? { access_mode: 'READ_ONLY' } : {});
  } catch (error) {
    releaseFile();
    throw error;
  }
  const open = new Set<EngineConnection>();
  return {
    name: 'duckdb-native',
    async connect() {
      const raw = await instance.connect();
      try {
        for (const statement of connectionSetup(options)) {
          await raw.run(statement).catch((error: unknown) => {
            throw setupError(statement, error instanceof Error ? error.message : String(error), error);
          });
        }
      } catch (error) {
        raw.closeSync();
        throw error;
      }
      const connection = nativeConnection(raw, () => open.delete(connection));
      open.add(connection);
      return connection;
    },
    async close() {
      await Promise.all([...open].map((connection) => connection.close()));
      instance.closeSync();
      releaseFile();
    },
  };
}

function nativeConnection(raw: DuckDBConnection, onClose: () => void): EngineConnection {
  const gate = new ConnectionGate();
  let interruptRequested = false;
  let closed = false;

  return {
    async query(sql, params = []) {
      const checked = checkParams(params);
      if (!checked.ok) return checked;
      if (gate.streamOpen) return { ok: false, error: STREAM_OPEN_ERROR };
      const release = await gate.acquire(false);
      try {
        const result = await raw.run(sql, ...bindings(checked.params));
        const columns = columnsOf(result);
        const keys = rowKeys(columns.map((column) => column.name));
        const rows = (await result.fetchAllChunks()).flatMap((chunk) => chunkRows(chunk, keys));
        return { ok: true, columns, rows } satisfies QueryResult;
      } catch (error) {
        return { ok: false, error: messageOf(error) };
      } finally {
        release();
      }
    },

    async *stream(sql, params = []) {
      const checked = checkParams(params);
      if (!checked.ok) throw new Error(checked.error);
      if (gate.streamOpen) throw new Error(STREAM_OPEN_ERROR);
      const release = await gate.acquire(true);
      interruptRequested = false;
      const ownTransaction = await beginUnlessInTransaction(raw);
      let completed = false;
      try {
        const result = await raw.stream(sql, ...bindings(checked.params));
        const columns = columnsOf(result);
        const keys = rowKeys(columns.map((column) => column.name));
        let yielded = false;
        for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
          yielded = true;
          yield { ok: true, columns, rows: chunkRows(chunk, keys) } satisfies QueryRows;
        }
        // node-api ends a stream that failed part-way (an error, an interrupt) exactly like one that
        // is exhausted. The failure does abort the transaction, which the next statement reveals.
        if (!(await succeeds(raw, 'SELECT 1'))) throw new Error(interruptRequested ? INTERRUPTED : FAILED_MID_STREAM);
        completed = true;
        // An empty result still reports its columns.
        if (!yielded) yield { ok: true, columns, rows: [] } satisfies QueryRows;
      } catch (error) {
        throw new Error(messageOf(error), { cause: error });
      } finally {
        // A stream abandoned part-way is rolled back, like one that failed.
        if (ownTransaction) await succeeds(raw, completed ? 'COMMIT' : 'ROLLBACK');
        interruptRequested = false;
        release();
      }
    },

    interrupt() {
      // An interrupt with nothing running must not leak into the next statement.
      if (!gate.active || closed) return;
      interruptRequested = true;
      raw.interrupt();
    },

    async close() {
      if (closed) return;
      closed = true;
      if (gate.active) raw.interrupt();
      raw.closeSync();
      onClose();
    },
  };
}

/** node-api's `run` and `stream` take (values, types); numbers bind as DOUBLE, as on DuckDB-Wasm. */
function bindings(params: ScalarParam[]): [ScalarParam[]?, DuckDBType[]?] {
  return params.length === 0 ? [] : [params, params.map(typeOfParam)];
}

function typeOfParam(param: ScalarParam): DuckDBType {
  if (typeof param === 'number') return DOUBLE;
  return typeof param === 'boolean' ? BOOLEAN : VARCHAR;
}

const FAILED_MID_STREAM =
  'Unknown Error: the query failed part-way through its rows and the native driver does not report why; run it with query() to see the error';

/**
 * Opens a transaction for the stream unless the caller has one open (a failing BEGIN would abort
 * theirs): in auto-commit mode every statement gets a new transaction id, inside one they repeat.
 */
async function beginUnlessInTransaction(raw: DuckDBConnection): Promise<boolean> {
  const transactionId = async () => (await raw.runAndReadAll('SELECT txid_current()')).getRows()[0]?.[0];
  if ((await transactionId()) === (await transactionId())) return false;
  return succeeds(raw, 'BEGIN TRANSACTION');
}

async function succeeds(raw: DuckDBConnection, sql: string): Promise<boolean> {
  try {
    await raw.run(sql);
    return true;
  } catch {
    return false;
  }
}

function columnsOf(result: DuckDBResult): ColumnInfo[] {
  return result.columnNames().map((name, index) => ({ name, type: result.columnType(index).toString() }));
}

function chunkRows(chunk: DuckDBDataChunk, keys: readonly string[]): Record<string, SqlValue>[] {
  const columns = chunk.getColumns().map((values) => values.map(fromNativeValue));
  return buildRows(keys, columns, chunk.rowCount);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
