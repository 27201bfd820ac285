/**
 * The part of `requery.js` that starts DuckDB-Wasm in a published page, from `file://`, where only
 * classic scripts load (see duckdb-wasm-bundle.ts). `loadDuckDb(engine)` reads the gzipped
 * binary's parts one script after the other and pipes each, as it comes, through
 * DecompressionStream('gzip') into WebAssembly.compileStreaming on the page; meanwhile it inflates
 * the worker's source and starts it as a blob worker, which spends a good half second evaluating
 * DuckDB's script. The compiled module is then posted to the worker, whose fetch() and
 * instantiateStreaming() of DuckDB's binary are answered with it: the binary is inflated and
 * compiled while the worker starts, not after (issue 19: the first re-query under 3 s). Plain
 * browser JavaScript, written out as text.
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

  /** Loads a script with others, running them in the order asked; onRun is called right after it runs. */
  function loadInOrder(src, onRun) {
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.async = false;
      script.src = src;
      script.onload = function () {
        try { onRun(); resolve(); } catch (err) { reject(err); }
      };
      script.onerror = function () { reject(new Error('could not load ' + src)); };
      document.body.appendChild(script);
    });
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
   * Runs first in the worker: DuckDB's fetch() of its binary gets an empty answer, and its
   * instantiateStreaming() of that answer instantiates the module the page compiled and posts.
   */
  function workerPrelude() {
    var compiled = new Promise(function (resolve) {
      self.addEventListener('message', function take(event) {
        if (!event.data || !('assayWasmModule' in event.data)) return;
        event.stopImmediatePropagation();
        self.removeEventListener('message', take);
        resolve(event.data.assayWasmModule);
      });
    });
    var asked = false;
    var fetchOf = self.fetch;
    self.fetch = function (input, init) {
      var url = String((input && input.url) || input);
      if (url !== WASM_URL) return fetchOf(input, init);
      asked = true;
      return Promise.resolve(new Response(new Uint8Array(0), { headers: { 'content-type': 'application/wasm' } }));
    };
    var instantiateStreamingOf = WebAssembly.instantiateStreaming;
    WebAssembly.instantiateStreaming = function (source, imports) {
      if (!asked) return instantiateStreamingOf.call(WebAssembly, source, imports);
      asked = false;
      return compiled.then(function (module) {
        return WebAssembly.instantiate(module, imports).then(function (instance) { return { module: module, instance: instance }; });
      });
    };
  }

  /**
   * engine: the scripts of the library and the worker, and the binary's parts in order. Resolves
   * to an instantiated AsyncDuckDB, or rejects with what could not load.
   */
  function loadDuckDb(engine) {
    var load = function (src) {
      return loadScript(src).catch(function (err) {
        throw new Error(err.message + ' (the query engine the dashboards of a publish share, in the folder ' + engine.folder + ' beside this one)');
      });
    };
    var parts = null;
    var gzipped = new ReadableStream({ start: function (controller) { parts = controller; } });
    var damaged = null;
    var compiled = WebAssembly.compileStreaming(new Response(gzipped.pipeThrough(new DecompressionStream('gzip')), { headers: { 'content-type': 'application/wasm' } }))
      .catch(function (err) {
        throw new Error('the query engine in the folder ' + engine.folder + ' beside this one is damaged (' + String((damaged || err).message).replace(/\.$/, '') + ')');
      });
    var worker = load(engine.worker)
      .then(function () {
        var source = new Response(new Blob([bytesOfBase64(window.assayDuckDbWorker)]).stream().pipeThrough(new DecompressionStream('gzip'))).blob();
        window.assayDuckDbWorker = null;
        return source;
      })
      .then(function (workerSource) {
        var prelude = 'var WASM_URL = ' + JSON.stringify(WASM_URL) + ';\n(' + workerPrelude + ')();\n';
        return new Worker(URL.createObjectURL(new Blob([prelude, workerSource], { type: 'text/javascript' })));
      });
    // The parts load at once and run in order (async = false); each is taken as it runs, before the next sets the same name.
    var read = worker.then(function () { return Promise.all(engine.binary.map(function (src) {
      return loadInOrder(src, function () {
        var base64 = window.assayDuckDbWasm;
        window.assayDuckDbWasm = null;
        try {
          if (typeof base64 !== 'string') throw new Error(src + ' holds no part of it');
          parts.enqueue(bytesOfBase64(base64));
        } catch (err) {
          // A part that is not base64, or a stream the compile already gave up on (a damaged part).
          damaged = damaged || err;
          parts.error(err);
        }
      }).catch(function (err) {
        throw new Error(err.message + ' (the query engine the dashboards of a publish share, in the folder ' + engine.folder + ' beside this one)');
      });
    })); }).then(function () {
      try { parts.close(); } catch (err) { /* reported by compiled */ }
      performance.mark('assay:engine-scripts-loaded');
    }, function (err) {
      parts.error(err);
      throw err;
    });
    var posted = Promise.all([worker, compiled]).then(function (done) { done[0].postMessage({ assayWasmModule: done[1] }); });
    var instantiated = Promise.all([load(engine.library), worker]).then(function (loaded) {
      var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), loaded[1]);
      return db.instantiate(WASM_URL).then(function () { return db; });
    });
    // A part that did not load is the reason given, rather than the compile error it causes.
    return Promise.all([read, compiled, posted, instantiated])
      .then(function (done) {
        performance.mark('assay:engine-instantiated');
        return done[3];
      }, function (err) {
        worker.then(function (w) { w.terminate(); }, function () {});
        return read.then(function () { throw err; });
      });
  }
`;
