/**
 * The fallback engine: DuckDB-Wasm's blocking Node build, for machines where the native binding
 * cannot load. What it can and cannot do on Node (checked by test/engine/conformance.test.ts):
 *
 * - `:memory:`, and database files read-only (see wasm-node-runtime.ts for the fixes that make
 *   read-only files and `fileSearchPath` work). It is DuckDB 1.4 while the native engine is 1.5: it
 *   reads the files the native engine writes as long as they keep DuckDB's default storage version.
 * - No writable database files. Its checkpoints never rewrite the file header, so everything written
 *   lives only in the `.wal` next to the file and is lost as soon as the file is copied or renamed
 *   without it; opening a file read-write is refused rather than pretending. The same holds for a
 *   database ATTACHed read-write from SQL, which cannot be refused here: attach files READ_ONLY.
 *   Results can leave as CSV (`COPY ... TO 'x.csv'`), which works.
 * - No extensions. DuckDB-Wasm on Node cannot download or load any, so Parquet (`COPY ... TO ...
 *   (FORMAT parquet)`, `read_parquet`) and JSON are unavailable. Autoloading is switched off so those
 *   statements fail at once with DuckDB's "exists in the parquet extension" error; left on, the
 *   download attempt never returns. CSV works.
 * - Parameters bind only in a single-statement query (DuckDB-Wasm prepares the whole text).
 * - `interrupt()` takes effect between execution steps of a query; a statement with parameters
 *   runs to completion before the first step and can only be stopped while its rows are read.
 * - Everything runs on the calling thread: a long query slows the event loop down, it does not run
 *   beside it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import {
  DuckDBAccessMode,
  VoidLogger,
  createDuckDB,
  type DuckDBBindings,
  type DuckDBBundles,
  type DuckDBConnection,
} from '@duckdb/duckdb-wasm/blocking';
import { ConnectionGate, STREAM_OPEN_ERROR } from './connection-gate.js';
import { connectionSetup, setupError } from './connection-setup.js';
import type { Engine, EngineConnection, OpenOptions, QueryRows } from './engine.js';
import { claimDatabaseFile } from './file-claims.js';
import { checkParams, type ScalarParam } from './params.js';
import { registerWasmInstance, unregisterWasmInstance, wasmNodeRuntime } from './wasm-node-runtime.js';
import { wasmResultChunks } from './wasm-results.js';

export async function openWasmEngine(options: OpenOptions): Promise<Engine> {
  const readOnly = options.readOnly ?? false;
  const inMemory = options.path === ':memory:' || options.path === '';
  if (readOnly && inMemory) throw new Error('DuckDB-Wasm cannot open an in-memory database read-only');
  if (!readOnly && !inMemory) {
    throw new Error(
      `DuckDB-Wasm cannot write database files on Node (its checkpoints never update the file, the data would only live in ${options.path}.wal); open ${options.path} read-only, or use :memory:`,
    );
  }
  const releaseFile = claimDatabaseFile(options.path, readOnly);
  let bindings: Awaited<ReturnType<typeof createDuckDB>>;
  try {
    bindings = await createDuckDB(bundles(), new VoidLogger(), wasmNodeRuntime);
    await bindings.instantiate();
    registerWasmInstance(bindings.mod, options.fileSearchPath);
  } catch (error) {
    releaseFile();
    throw error;
  }
  const db = bindings;
  const shutDown = () => {
    unregisterWasmInstance(db.mod);
    releaseFile();
  };
  try {
    db.open({
      path: inMemory ? ':memory:' : options.path,
      accessMode: readOnly ? DuckDBAccessMode.READ_ONLY : DuckDBAccessMode.AUTOMATIC,
      // Keeps HUGEINT, UUID and TIME WITH TIME ZONE recognisable in the Arrow it hands over.
      arrowLosslessConversion: true,
      query: { castBigIntToDouble: false, castDecimalToDouble: false, castTimestampToDate: false, castDurationToTime64: false },
    });
    const setup = db.connect();
    setup.query('SET autoinstall_known_extensions = false; SET autoload_known_extensions = false');
    setup.close();
  } catch (error) {
    shutDown();
    throw new Error(`DuckDB-Wasm could not open ${options.path}: ${wasmErrorMessage(error)}`, { cause: error });
  }

  const open = new Set<EngineConnection>();
  let closed = false;
  return {
    name: 'duckdb-wasm',
    async connect() {
      if (closed) throw new Error('The engine is closed');
      const raw = db.connect();
      try {
        for (const statement of connectionSetup(options)) {
          try {
            raw.query(statement);
          } catch (error) {
            throw setupError(statement, wasmErrorMessage(error), error);
          }
        }
      } catch (error) {
        raw.close();
        throw error;
      }
      const connection = wasmConnection(db, raw, () => open.delete(connection));
      open.add(connection);
      return connection;
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...open].map((connection) => connection.close()));
      // Swapping in an in-memory database shuts the file-backed one down, but its file stays open
      // until dropped; the wasm instance itself is left to the garbage collector.
      try {
        db.open({ path: ':memory:' });
        db.dropFiles();
      } finally {
        shutDown();
      }
    },
  };
}

function wasmConnection(bindings: DuckDBBindings, raw: DuckDBConnection, onClose: () => void): EngineConnection {
  const connectionId = raw.useUnsafe((_, id) => id);
  const gate = new ConnectionGate();
  let interruptRequested = false;
  let closed = false;

  async function* run(sql: string, params: ScalarParam[], forStream: boolean): AsyncGenerator<QueryRows> {
    let statement: number | undefined;
    try {
      if (params.length > 0) statement = bindings.createPrepared(connectionId, sql);
      const prepared = statement;
      yield* wasmResultChunks({
        bindings,
        connectionId,
        // Without parameters the pending-query API runs every statement and returns the last result.
        start: () =>
          prepared === undefined
            ? bindings.startPendingQuery(connectionId, sql, forStream)
            : bindings.sendPrepared(connectionId, prepared, params),
        interrupted: () => interruptRequested,
      });
    } catch (error) {
      throw new Error(wasmErrorMessage(error, params.length > 0), { cause: error });
    } finally {
      if (statement !== undefined) bindings.closePrepared(connectionId, statement);
    }
  }

  async function* guarded(sql: string, params: ScalarParam[], forStream: boolean): AsyncGenerator<QueryRows> {
    if (gate.streamOpen) throw new Error(STREAM_OPEN_ERROR);
    const release = await gate.acquire(forStream);
    interruptRequested = false;
    try {
      if (closed) throw new Error('Connection Error: the connection is closed');
      yield* run(sql, params, forStream);
    } finally {
      interruptRequested = false;
      release();
    }
  }

  return {
    async query(sql, params = []) {
      const checked = checkParams(params);
      if (!checked.ok) return checked;
      try {
        let result: QueryRows | undefined;
        for await (const chunk of guarded(sql, checked.params, false)) {
          if (result) result.rows.push(...chunk.rows);
          else result = chunk;
        }
        return result ?? { ok: true, columns: [], rows: [] };
      } catch (error) {
        return { ok: false, error: error instanceof Error ? error.message : String(error) };
      }
    },

    async *stream(sql, params = []) {
      const checked = checkParams(params);
      if (!checked.ok) throw new Error(checked.error);
      yield* guarded(sql, checked.params, true);
    },

    interrupt() {
      if (gate.active) interruptRequested = true;
    },

    async close() {
      if (closed) return;
      closed = true;
      interruptRequested = gate.active;
      raw.close();
      onClose();
    },
  };
}

/**
 * DuckDB-Wasm reports some errors as JSON (`{"exception_type":"Parser","exception_message":...}`);
 * they are turned into native DuckDB's `Parser Error: ...` form.
 */
function wasmErrorMessage(error: unknown, withParams = false): string {
  const message = error instanceof Error ? error.message : String(error);
  const jsonStart = message.indexOf('{"exception_type"');
  let text = message;
  if (jsonStart >= 0) {
    try {
      const parsed = JSON.parse(message.slice(jsonStart)) as { exception_type?: string; exception_message?: string };
      if (parsed.exception_message !== undefined) text = `${parsed.exception_type ?? 'Unknown'} Error: ${parsed.exception_message}`;
    } catch {
      // Not JSON after all: keep the message as it is.
    }
  }
  // A failure while rows are fetched arrives wrapped in a complaint about the failed query being read on.
  const wrapped = /^.*unsuccessful or closed pending query result\s*Error: (.*)$/s.exec(text);
  if (wrapped?.[1]) text = wrapped[1];
  if (withParams && text.includes('Cannot prepare multiple statements')) {
    text += ' (DuckDB-Wasm binds parameters only in a query of a single statement)';
  }
  return text;
}

function bundles(): DuckDBBundles {
  const require = createRequire(import.meta.url);
  const dist = dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm'));
  return {
    mvp: { mainModule: join(dist, 'duckdb-mvp.wasm'), mainWorker: join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: join(dist, 'duckdb-eh.wasm'), mainWorker: join(dist, 'duckdb-node-eh.worker.cjs') },
  };
}
