/**
 * The part of `requery.js` that starts DuckDB-Wasm in a published page, from `file://`, where only
 * classic scripts load (see duckdb-wasm-bundle.ts). `loadDuckDb(engine)` adds the engine's
 * scripts to the page, inflates the worker's source with DecompressionStream('gzip') and starts it
 * as a blob worker, then reads the gzipped binary's parts one script after the other and sends each
 * to the worker as it comes. There DuckDB's fetch() of its module gets a stream of the parts that
 * inflates them as they arrive, and the binary compiles while the page still reads the next part,
 * all off the page's thread. Plain browser JavaScript, written out as text.
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

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.body.appendChild(script);
    });
  }

  /**
   * Runs first in the worker: a stream of the binary's parts as the page sends them (a string of
   * base64 each, then null), served inflated to DuckDB's fetch() of its module.
   */
  function workerPrelude() {
    var parts = null;
    var gzipped = new ReadableStream({ start: function (controller) { parts = controller; } });
    self.addEventListener('message', function take(event) {
      if (!event.data || !('assayWasmPart' in event.data)) return;
      event.stopImmediatePropagation();
      if (event.data.assayWasmPart === null) {
        parts.close();
        self.removeEventListener('message', take);
      } else {
        parts.enqueue(bytesOfBase64(event.data.assayWasmPart));
      }
    });
    var fetchOf = self.fetch;
    self.fetch = function (input, init) {
      var url = String((input && input.url) || input);
      if (url !== WASM_URL) return fetchOf(input, init);
      return Promise.resolve(new Response(gzipped.pipeThrough(new DecompressionStream('gzip')), { headers: { 'content-type': 'application/wasm' } }));
    };
  }

  /**
   * engine: the scripts of the library and the worker, and the binary's parts in order. The worker
   * starts as soon as its own scripts are in, and each part goes to it once read.
   */
  function loadDuckDb(engine) {
    var load = function (src) {
      return loadScript(src).catch(function (err) {
        throw new Error(err.message + ' (the query engine the dashboards of a publish share, in the folder ' + engine.folder + ' beside this one)');
      });
    };
    var firstPart = load(engine.binary[0]);
    // Its failure is reported through the chain below; when the other scripts fail first, it is not awaited.
    firstPart.catch(function () {});
    return Promise.all([load(engine.library), load(engine.worker)])
      .then(function () {
        var source = new Response(new Blob([bytesOfBase64(window.assayDuckDbWorker)]).stream().pipeThrough(new DecompressionStream('gzip'))).blob();
        window.assayDuckDbWorker = null;
        return source;
      })
      .then(function (workerSource) {
        var prelude = 'var WASM_URL = ' + JSON.stringify(WASM_URL) + ';\n' + bytesOfBase64 + '\n(' + workerPrelude + ')();\n';
        var worker = new Worker(URL.createObjectURL(new Blob([prelude, workerSource], { type: 'text/javascript' })));
        var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
        var instantiated = db.instantiate(WASM_URL);
        var send = function () {
          worker.postMessage({ assayWasmPart: window.assayDuckDbWasm });
          window.assayDuckDbWasm = null;
        };
        var sent = engine.binary.slice(1).reduce(function (done, src) {
          return done.then(send).then(function () { return load(src); });
        }, firstPart).then(function () {
          send();
          worker.postMessage({ assayWasmPart: null });
          performance.mark('assay:engine-scripts-loaded');
        });
        return Promise.all([sent, instantiated]).then(function () {
          performance.mark('assay:engine-instantiated');
          return db;
        });
      });
  }
`;
