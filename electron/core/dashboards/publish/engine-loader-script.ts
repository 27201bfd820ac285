/**
 * The part of `requery.js` that starts DuckDB-Wasm in a published page, from `file://`, where only
 * classic scripts load (see duckdb-wasm-bundle.ts). `loadDuckDb(engine)` adds the engine's
 * scripts to the page, inflates the worker's source with DecompressionStream('gzip'), and starts
 * it as a blob worker; the worker is handed the gzipped binary in a message and answers DuckDB's
 * fetch() of its module with a stream that inflates it, so that it compiles while it inflates,
 * off the page's thread. Plain browser JavaScript, written out as text.
 */
export const ENGINE_LOADER_SCRIPT = String.raw`
  var WASM_URL = 'http://assay.invalid/duckdb-eh.wasm';

  function bytesOfBase64(base64) {
    if (typeof Uint8Array.fromBase64 === 'function') return Uint8Array.fromBase64(base64);
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function gunzipBase64(base64) {
    return new Blob([bytesOfBase64(base64)]).stream().pipeThrough(new DecompressionStream('gzip'));
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.body.appendChild(script);
    });
  }

  /** Runs first in the worker: keeps the binary the page sends, and serves it to DuckDB's fetch() inflated. */
  function workerPrelude() {
    var gzipped = new Promise(function (resolve) {
      self.addEventListener('message', function take(event) {
        if (!event.data || typeof event.data.assayWasmGzip !== 'string') return;
        event.stopImmediatePropagation();
        self.removeEventListener('message', take);
        resolve(event.data.assayWasmGzip);
      });
    });
    var fetchOf = self.fetch;
    self.fetch = function (input, init) {
      var url = String((input && input.url) || input);
      if (url !== WASM_URL) return fetchOf(input, init);
      return gzipped.then(function (base64) {
        return new Response(gunzipBase64(base64), { headers: { 'content-type': 'application/wasm' } });
      });
    };
  }

  /**
   * engine: the scripts of the library, the worker and the binary. The worker starts as soon as
   * its own scripts are in, so that it parses while the page still reads the binary's script;
   * DuckDB's fetch() of its module waits in the worker until the binary is sent.
   */
  function loadDuckDb(engine) {
    var load = function (src) {
      return loadScript(src).catch(function (err) {
        throw new Error(err.message + ' (the query engine the dashboards of a publish share, in the folder ' + engine.folder + ' beside this one)');
      });
    };
    var binary = load(engine.binary);
    // Its failure is reported through the chain below; when the other scripts fail first, it is not awaited.
    binary.catch(function () {});
    return Promise.all([load(engine.library), load(engine.worker)])
      .then(function () { return new Response(gunzipBase64(window.assayDuckDbWorker)).blob(); })
      .then(function (workerSource) {
        var prelude = 'var WASM_URL = ' + JSON.stringify(WASM_URL) + ';\n' + bytesOfBase64 + '\n' + gunzipBase64 + '\n(' + workerPrelude + ')();\n';
        var worker = new Worker(URL.createObjectURL(new Blob([prelude, workerSource], { type: 'text/javascript' })));
        window.assayDuckDbWorker = null;
        var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
        var instantiated = db.instantiate(WASM_URL);
        return binary.then(function () {
          performance.mark('assay:engine-scripts-loaded');
          worker.postMessage({ assayWasmGzip: window.assayDuckDbWasm });
          window.assayDuckDbWasm = null;
          return instantiated;
        }).then(function () {
          performance.mark('assay:engine-instantiated');
          return db;
        });
      });
  }
`;
