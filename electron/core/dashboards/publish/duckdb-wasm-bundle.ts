import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

/** The gzipped binary is cut into parts of this many bytes, one script each, so that the page can send each to the worker as it is read. */
const PART_BYTES = 2 * 1024 * 1024;

export interface DuckDbScripts {
  /** The `@duckdb/duckdb-wasm` release bundled. */
  version: string;
  /** Every script of the engine folder, by file name. */
  scripts: Map<string, string>;
  /** The library (`window.duckdb`), the worker's source, and the binary's parts in order. */
  library: string;
  worker: string;
  binary: string[];
  /** The WebAssembly binary's size before and after compression, for progress messages. */
  wasmBytes: number;
  wasmGzipBytes: number;
}

let bundle: Promise<DuckDbScripts> | null = null;

/**
 * DuckDB-Wasm for published pages, as classic scripts: the only kind a page opened from `file://`
 * may load (module scripts, workers from files and fetch() of neighbouring files are refused
 * there). The library is bundled to one script (`window.duckdb`); the worker's source and the
 * WebAssembly binary travel gzipped, in base64 strings (`window.assayDuckDbWorker`, and
 * `window.assayDuckDbWasm` set by each part of the binary in turn) that the page inflates with the
 * browser's DecompressionStream. Gzipped, the 33 MB binary is under 8 MB. Built once per process:
 * compressing takes a second or two.
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
  const scripts = new Map<string, string>([
    ['duckdb.js', bundled.outputFiles[0]?.text ?? ''],
    ['duckdb-worker.js', `window.assayDuckDbWorker = "${workerGzip.toString('base64')}";\n`],
  ]);
  const binary: string[] = [];
  for (let start = 0, part = 1; start < wasmGzip.length; start += PART_BYTES, part++) {
    const name = `duckdb-wasm-${part}.js`;
    scripts.set(name, `window.assayDuckDbWasm = "${wasmGzip.subarray(start, start + PART_BYTES).toString('base64')}";\n`);
    binary.push(name);
  }
  return { version: manifest.version, scripts, library: 'duckdb.js', worker: 'duckdb-worker.js', binary, wasmBytes: wasm.length, wasmGzipBytes: wasmGzip.length };
}
