import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The baseline of the published-page bench: a copy of a published dashboard that loads DuckDB-Wasm
 * the way pages did before issue 19: the engine in the dashboard's own folder, the binary
 * uncompressed in base64, every script loaded with the page and the engine started once it has
 * loaded, in a blob worker that answers DuckDB's fetch() of its module. The charts are drawn by the
 * same dashboard.js (mark `assay:charts-drawn`); the mark `eager:engine-ready` and
 * `body[data-eager-ready]` say when a connection is open.
 */
export async function writeEagerEnginePage(dashboardDir: string, duckdbBundle: string): Promise<{ index: string; engineBytes: number }> {
  const require = createRequire(import.meta.url);
  const dir = path.join(await mkdtemp(path.join(tmpdir(), 'assay-bench-eager-engine-')), path.basename(dashboardDir));
  await cp(dashboardDir, dir, { recursive: true });
  const worker = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
  const wasm = await readFile(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const scripts: Record<string, string> = {
    'duckdb.js': await readFile(duckdbBundle, 'utf8'),
    'duckdb-worker.js': `window.eagerWorker = ${JSON.stringify(worker)};\n`,
    'duckdb-wasm.js': `window.eagerWasm = "${wasm.toString('base64')}";\n`,
    'eager.js': EAGER_SCRIPT,
  };
  for (const [name, text] of Object.entries(scripts)) await writeFile(path.join(dir, name), text);
  const index = path.join(dir, 'index.html');
  const html = await readFile(index, 'utf8');
  const tags = Object.keys(scripts).map((name) => `<script src="${name}"></script>`).join('\n');
  if (!html.includes('<script src="requery.js"></script>')) throw new Error('the published page loads no requery.js');
  await writeFile(index, html.replace('<script src="requery.js"></script>', tags));
  const engineBytes = ['duckdb.js', 'duckdb-worker.js', 'duckdb-wasm.js'].reduce((n, name) => n + Buffer.byteLength(scripts[name] ?? ''), 0);
  return { index, engineBytes };
}

const EAGER_SCRIPT = String.raw`'use strict';
(function () {
  var WASM_URL = 'http://eager.invalid/duckdb-eh.wasm';
  function start() {
    var answer = 'var eagerBytes = (function (t) { var b = new Uint8Array(t.length); for (var i = 0; i < t.length; i++) b[i] = t.charCodeAt(i); return b; })(atob(self.eagerWasm));\n' +
      'self.eagerWasm = null; var fetchOf = self.fetch;\n' +
      'self.fetch = function (input, init) { var url = String((input && input.url) || input); return url === ' + JSON.stringify(WASM_URL) + ' ? Promise.resolve(new Response(eagerBytes, { headers: { "content-type": "application/wasm" } })) : fetchOf(input, init); };\n';
    var source = new Blob(['self.eagerWasm = "', window.eagerWasm, '";\n', answer, window.eagerWorker], { type: 'text/javascript' });
    window.eagerWasm = null;
    var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(URL.createObjectURL(source)));
    db.instantiate(WASM_URL)
      .then(function () { return db.connect(); })
      .then(function (conn) { return conn.query('SELECT 42 AS answer'); })
      .then(function () {
        performance.mark('eager:engine-ready');
        document.body.setAttribute('data-eager-ready', 'true');
      });
  }
  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
`;
