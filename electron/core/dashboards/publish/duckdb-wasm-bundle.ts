import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The scripts a re-querying page loads after its charts are drawn, in load order. */
export const DUCKDB_SCRIPTS = ['duckdb.js', 'duckdb-worker.js', 'duckdb-wasm.js'] as const;

export type DuckDbScripts = Record<(typeof DUCKDB_SCRIPTS)[number], string>;

export async function writeDuckDbScripts(dir: string, scripts: DuckDbScripts): Promise<void> {
  for (const name of DUCKDB_SCRIPTS) await writeFile(path.join(dir, name), scripts[name]);
}

/**
 * DuckDB-Wasm for a published folder, as classic scripts: the only kind a page opened from
 * `file://` may load: module scripts, workers from files and fetch() of neighbouring files are all
 * refused there. So the library is bundled to one script (`window.duckdb`), and the worker's
 * source and the WebAssembly binary (base64) travel as strings the page turns into a blob worker.
 */
export async function duckDbScripts(): Promise<DuckDbScripts> {
  const require = createRequire(import.meta.url);
  const { build } = await import('esbuild');
  const bundled = await build({
    stdin: { contents: "import * as duckdb from '@duckdb/duckdb-wasm';\nwindow.duckdb = duckdb;\n", resolveDir: path.dirname(require.resolve('@duckdb/duckdb-wasm')), loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  const worker = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
  const wasm = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  return {
    'duckdb.js': bundled.outputFiles[0]?.text ?? '',
    'duckdb-worker.js': `window.assayDuckDbWorker = ${JSON.stringify(worker)};\n`,
    'duckdb-wasm.js': `window.assayDuckDbWasm = "${wasm.toString('base64')}";\n`,
  };
}
