/**
 * Reads one DuckDB-Wasm result as `QueryRows` chunks. The blocking Node build runs everything on the
 * calling thread, so the pending-query and fetch loops are driven here and hand the event loop back
 * between steps: that is what lets `interrupt()` (or anything else) run while a query is in flight.
 */
import { RecordBatchReader, type RecordBatch, type Schema } from 'apache-arrow';
import type { DuckDBBindings } from '@duckdb/duckdb-wasm/blocking';
import { duckdbTypeName, findEnumColumn } from './arrow-type-names.js';
import { columnReader } from './arrow-values.js';
import { INTERRUPTED } from './connection-gate.js';
import type { ColumnInfo, QueryRows } from './engine.js';
import { buildRows, rowKeys } from './rows.js';

export interface WasmQuery {
  bindings: DuckDBBindings;
  connectionId: number;
  /** Starts the query: returns the Arrow schema message, or null while the query still runs. */
  start(): Uint8Array | null;
  /** Polled between steps; true stops the query with DuckDB's interrupt error. */
  interrupted(): boolean;
}

/** Yields the result chunk by chunk; an empty result yields one empty chunk carrying its columns. */
export async function* wasmResultChunks(query: WasmQuery): AsyncGenerator<QueryRows> {
  const reader = await RecordBatchReader.from(resultMessages(query));
  try {
    await reader.open();
    const { schema } = reader;
    const enumColumn = findEnumColumn(schema.fields);
    if (enumColumn !== undefined) {
      // DuckDB-Wasm streams ENUM columns without their dictionary, so the values would all read as NULL.
      throw new Error(`Not implemented Error: DuckDB-Wasm cannot return ENUM values (column ${enumColumn}); cast it to VARCHAR`);
    }
    let columns: ColumnInfo[] | undefined;
    let keys: string[] = [];
    let yielded = false;
    for await (const batch of reader) {
      if (!columns) {
        columns = columnsOf(schema);
        keys = rowKeys(columns.map((column) => column.name));
      }
      if (batch.numRows === 0) continue;
      yielded = true;
      yield { ok: true, columns, rows: batchRows(batch, keys) };
    }
    if (!yielded) yield { ok: true, columns: columns ?? columnsOf(schema), rows: [] };
  } finally {
    // A consumer that stops early must not leave the query running on the connection.
    await reader.cancel();
  }
}

async function* resultMessages({ bindings, connectionId, start, interrupted }: WasmQuery): AsyncGenerator<Uint8Array> {
  let finished = false;
  const step = async () => {
    await nextTurn();
    if (!interrupted()) return;
    throw new Error(INTERRUPTED);
  };
  try {
    let header = start();
    while (header === null) {
      await step();
      header = bindings.pollPendingQuery(connectionId);
    }
    yield header;
    for (;;) {
      await step();
      // null asks to fetch again later; an empty message ends the stream.
      const message = bindings.fetchQueryResults(connectionId);
      if (message === null) continue;
      if (message.length === 0) break;
      yield message;
    }
    finished = true;
  } finally {
    if (!finished) bindings.cancelPendingQuery(connectionId);
  }
}

function columnsOf(schema: Schema): ColumnInfo[] {
  return schema.fields.map((field) => ({ name: field.name, type: duckdbTypeName(field) }));
}

function batchRows(batch: RecordBatch, keys: readonly string[]): QueryRows['rows'] {
  const columns = batch.schema.fields.map((field, index) => {
    const data = batch.data.children[index];
    if (!data) return [];
    const read = columnReader(field, data);
    return Array.from({ length: batch.numRows }, (_, row) => read(row));
  });
  return buildRows(keys, columns, batch.numRows);
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
