import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The baseline of the published-page bench: a bare page that loads DuckDB-Wasm from `file://` the
 * way published pages did before issue 19: the binary uncompressed, in base64, in a script every
 * page loaded at once, handed to a blob worker that answers DuckDB's fetch() of its module. It
 * sets `body[data-ready]` and the mark `bare:engine-ready` once a connection is open.
 */
export async function writeBareEnginePage(duckdbBundle: string): Promise<{ index: string; engineBytes: number }> {
  const require = createRequire(import.meta.url);
  const dir = await mkdtemp(path.join(tmpdir(), 'assay-bench-bare-engine-'));
  const worker = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
  const wasm = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const scripts = {
    'worker.js': `window.bareWorker = ${JSON.stringify(worker)};\n`,
    'wasm.js': `window.bareWasm = "${wasm.toString('base64')}";\n`,
    'bare.js': BARE_SCRIPT,
  };
  await copyFile(duckdbBundle, path.join(dir, 'duckdb.js'));
  for (const [name, text] of Object.entries(scripts)) await writeFile(path.join(dir, name), text);
  const index = path.join(dir, 'index.html');
  await writeFile(index, '<!doctype html><html><head><meta charset="utf-8"><title>bare engine</title></head><body>\n<script src="duckdb.js"></script>\n<script src="worker.js"></script>\n<script src="wasm.js"></script>\n<script src="bare.js"></script>\n</body></html>\n');
  const engineBytes = Buffer.byteLength(scripts['worker.js']) + Buffer.byteLength(scripts['wasm.js']) + (await readFile(duckdbBundle)).length;
  return { index, engineBytes };
}

const BARE_SCRIPT = String.raw`'use strict';
(function () {
  var WASM_URL = 'http://bare.invalid/duckdb-eh.wasm';
  var answer = 'var bareBytes = (function (t) { var b = new Uint8Array(t.length); for (var i = 0; i < t.length; i++) b[i] = t.charCodeAt(i); return b; })(atob(self.bareWasm));\n' +
    'self.bareWasm = null; var fetchOf = self.fetch;\n' +
    'self.fetch = function (input, init) { var url = String((input && input.url) || input); return url === ' + JSON.stringify(WASM_URL) + ' ? Promise.resolve(new Response(bareBytes, { headers: { "content-type": "application/wasm" } })) : fetchOf(input, init); };\n';
  var source = new Blob(['self.bareWasm = "', window.bareWasm, '";\n', answer, window.bareWorker], { type: 'text/javascript' });
  window.bareWasm = null;
  var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(URL.createObjectURL(source)));
  db.instantiate(WASM_URL)
    .then(function () { return db.connect(); })
    .then(function (conn) { return conn.query('SELECT 42 AS answer'); })
    .then(function () {
      performance.mark('bare:engine-ready');
      document.body.setAttribute('data-ready', 'true');
    });
})();
`;
