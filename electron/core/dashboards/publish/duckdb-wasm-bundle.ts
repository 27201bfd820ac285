import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** The scripts of the shared engine folder, in the order a page loads them. */
export const DUCKDB_SCRIPTS = ['duckdb.js', 'duckdb-worker.js', 'duckdb-wasm.js'] as const;

export type DuckDbScriptName = (typeof DUCKDB_SCRIPTS)[number];

export interface DuckDbScripts {
  /** The `@duckdb/duckdb-wasm` release bundled. */
  version: string;
  scripts: Record<DuckDbScriptName, string>;
  /** The WebAssembly binary's size before and after compression, for progress messages. */
  wasmBytes: number;
  wasmGzipBytes: number;
}

let bundle: Promise<DuckDbScripts> | null = null;

/**
 * DuckDB-Wasm for published pages, as classic scripts: the only kind a page opened from `file://`
 * may load (module scripts, workers from files and fetch() of neighbouring files are refused
 * there). The library is bundled to one script (`window.duckdb`); the worker's source and the
 * WebAssembly binary travel gzipped, in base64 strings (`window.assayDuckDbWorker`,
 * `window.assayDuckDbWasm`) the page inflates with the browser's DecompressionStream. Gzipped,
 * the 34 MB binary is under 8 MB. Built once per process: compressing takes a second or two.
 */
export function duckDbScripts(): Promise<DuckDbScripts> {
  bundle ??= buildScripts().catch((err: unknown) => {
    bundle = null;
    throw err;
  });
  return bundle;
}

async function buildScripts(): Promise<DuckDbScripts> {
  const require = createRequire(import.meta.url);
  const { build } = await import('esbuild');
  const packageDir = path.dirname(require.resolve('@duckdb/duckdb-wasm'));
  const bundled = await build({
    stdin: { contents: "import * as duckdb from '@duckdb/duckdb-wasm';\nwindow.duckdb = duckdb;\n", resolveDir: packageDir, loader: 'js' },
    bundle: true,
    platform: 'browser',
    format: 'iife',
    minify: true,
    write: false,
    logLevel: 'error',
  });
  const worker = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'));
  const wasm = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const [workerGzip, wasmGzip] = await Promise.all([gzip(worker, { level: 9 }), gzip(wasm, { level: 9 })]);
  const manifest = JSON.parse(await readFile(path.join(packageDir, '..', 'package.json'), 'utf8')) as { version: string };
  return {
    version: manifest.version,
    scripts: {
      'duckdb.js': bundled.outputFiles[0]?.text ?? '',
      'duckdb-worker.js': `window.assayDuckDbWorker = "${workerGzip.toString('base64')}";\n`,
      'duckdb-wasm.js': `window.assayDuckDbWasm = "${wasmGzip.toString('base64')}";\n`,
    },
    wasmBytes: wasm.length,
    wasmGzipBytes: wasmGzip.length,
  };
}
