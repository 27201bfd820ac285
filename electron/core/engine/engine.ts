/**
 * One interface over the two DuckDB engines Assay runs on: native DuckDB (`@duckdb/node-api`, the
 * default in Node) and DuckDB-Wasm (its Node build, the fallback where the native binding cannot
 * load). Errors come back as values so that one failing query never crashes a build.
 */

import type { AdapterType } from '../dbt/adapter-type.js';

/** A value as it leaves the engine: JSON-friendly, the same on both engines. */
export type SqlValue = null | boolean | number | string | SqlValue[] | { [key: string]: SqlValue };

export interface ColumnInfo {
  name: string;
  /** DuckDB's type name, e.g. `INTEGER`, `DECIMAL(18,2)`, `DATE`, `VARCHAR`. */
  type: string;
}

export interface QueryRows {
  ok: true;
  columns: ColumnInfo[];
  /** Keyed by column name; a repeated name gets a suffix (`a`, `a:1`) so no value is lost. */
  rows: Record<string, SqlValue>[];
}

export interface QueryError {
  ok: false;
  error: string;
}

export type QueryResult = QueryRows | QueryError;

export interface EngineConnection {
  /** The SQL the connection speaks when it is not DuckDB's (a warehouse target's connection behind this interface). */
  readonly dialect?: AdapterType;
  /** Runs SQL (one or more statements) and returns every row of the last statement. */
  query(sql: string, params?: SqlValue[]): Promise<QueryResult>;
  /**
   * Runs SQL and yields the rows in chunks, without holding the whole result in memory. An empty
   * result yields one empty chunk (carrying the columns); a failing query makes the iteration throw
   * an Error with DuckDB's message. A connection runs one statement at a time: calls queue, except
   * that one made while a stream is open on the connection fails at once (use another connection).
   */
  stream(sql: string, params?: SqlValue[]): AsyncIterable<QueryRows>;
  /** Asks a running query to stop; the query then resolves with an error. */
  interrupt(): void;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Database file, or `:memory:`. */
  path: string;
  readOnly?: boolean;
  /** Directory that relative file paths in SQL (`read_csv('lake/...')`) resolve against. */
  fileSearchPath?: string;
  /** Statements every new connection runs first (the project's extensions and settings); a failure names the statement. */
  setup?: readonly string[];
}

export interface Engine {
  readonly name: 'duckdb-native' | 'duckdb-wasm';
  connect(): Promise<EngineConnection>;
  close(): Promise<void>;
}
