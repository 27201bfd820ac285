/** Opens the engine Assay runs on: native DuckDB, or DuckDB-Wasm where the native binding cannot load. */
import type { Engine, OpenOptions } from './engine.js';

export type EngineKind = Engine['name'];

let fallbackWarned = false;

/**
 * Falls back from native DuckDB to DuckDB-Wasm only when the native binding itself fails to load
 * (missing or incompatible prebuilt binary), with one warning on stderr. Failures to open the
 * database are thrown as they are: the same file would fail on DuckDB-Wasm too.
 */
export async function openEngine(options: OpenOptions, kind: EngineKind = 'duckdb-native'): Promise<Engine> {
  if (kind === 'duckdb-native') {
    const loadError = await nativeBindingError();
    if (loadError === undefined) {
      const { openNativeEngine } = await import('./duckdb-native.js');
      return openNativeEngine(options);
    }
    if (!fallbackWarned) {
      fallbackWarned = true;
      const reason = loadError instanceof Error ? loadError.message : String(loadError);
      process.stderr.write(`assay: native DuckDB failed to load (${reason}); falling back to DuckDB-Wasm, which cannot use extensions such as Parquet\n`);
    }
  }
  const { openWasmEngine } = await import('./duckdb-wasm.js');
  return openWasmEngine(options);
}

async function nativeBindingError(): Promise<unknown> {
  try {
    await import('@duckdb/node-api');
    return undefined;
  } catch (error) {
    return error;
  }
}
