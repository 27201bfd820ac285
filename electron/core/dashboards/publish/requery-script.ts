/**
 * `requery.js` of a published folder whose dashboard has parameters: once the page has loaded, it
 * starts DuckDB-Wasm in a worker made from the strings `duckdb-worker.js` and `duckdb-wasm.js`
 * carry, loads the exported tables, and runs each element's own query again, its parameters bound
 * as values, whenever a control changes. Plain browser JavaScript, written out as text.
 *
 * The worker is given the binary through a fetch() that answers one URL from memory: DuckDB-Wasm
 * insists on fetching its module, and a page from `file://` may fetch nothing.
 */
export const REQUERY_SCRIPT = `'use strict';
(function () {
  var page = window.assayDashboard;
  var requery = page.data.requery;
  var status = document.getElementById('requery-status');
  var controls = Array.prototype.slice.call(document.querySelectorAll('[data-param]'));
  var WASM_URL = 'http://assay.invalid/duckdb-eh.wasm';
  var conn = null;
  var running = Promise.resolve();
  var queries = 0;

  function say(text, state) {
    status.textContent = text;
    document.body.setAttribute('data-requery', state);
  }

  function bytesOf(base64) {
    var text = atob(base64);
    var bytes = new Uint8Array(text.length);
    for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  function startWorker() {
    var answerWasm = 'var assayWasmBytes = (function (t) { var b = new Uint8Array(t.length); for (var i = 0; i < t.length; i++) b[i] = t.charCodeAt(i); return b; })(atob(self.assayWasm));\\n' +
      'self.assayWasm = null; var assayFetch = self.fetch;\\n' +
      'self.fetch = function (input, init) { var url = String((input && input.url) || input); return url === ' + JSON.stringify(WASM_URL) + ' ? Promise.resolve(new Response(assayWasmBytes, { headers: { "content-type": "application/wasm" } })) : assayFetch(input, init); };\\n';
    var source = new Blob(['self.assayWasm = "', window.assayDuckDbWasm, '";\\n', answerWasm, window.assayDuckDbWorker], { type: 'text/javascript' });
    window.assayDuckDbWasm = null;
    return new Worker(URL.createObjectURL(source));
  }

  function start() {
    say('Loading the query engine (DuckDB-Wasm, offline)…', 'loading');
    var db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), startWorker());
    return db.instantiate(WASM_URL)
      .then(function () { return db.connect(); })
      .then(function (c) {
        conn = c;
        return requery.tables.reduce(function (done, table) {
          return done
            .then(function () { return db.registerFileBuffer(table.file, bytesOf(window.assayData[table.file])); })
            .then(function () { window.assayData[table.file] = null; return conn.query(table.load); });
        }, Promise.resolve());
      })
      .then(function () {
        controls.forEach(function (control) {
          control.disabled = false;
          control.addEventListener('change', function () { running = running.then(rerun); });
        });
        say('Change a parameter to query the data again, in this page.', 'ready');
      })
      .catch(function (err) { say('Re-querying is not available here: ' + err.message + '. The charts show the published values.', 'failed'); });
  }

  /** The value of every placeholder, or the reason the controls do not make a valid set. */
  function placeholderValues() {
    var values = {};
    for (var i = 0; i < requery.parameters.length; i++) {
      var p = requery.parameters[i];
      var control = function (part) { return document.querySelector('[data-param="' + p.name + '"]' + (part ? '[data-part="' + part + '"]' : '')); };
      if (p.type === 'date_range') {
        var start = control('start').value, end = control('end').value;
        if (!/^\\d{4}-\\d{2}-\\d{2}$/.test(start) || !/^\\d{4}-\\d{2}-\\d{2}$/.test(end) || start > end) return { error: p.label + ' needs two dates, the first not after the second' };
        values[p.name + '_start'] = start;
        values[p.name + '_end'] = end;
      } else if (p.type === 'number') {
        var n = Number(control().value);
        if (control().value.trim() === '' || !isFinite(n)) return { error: p.label + ' needs a number' };
        if ((p.min !== undefined && n < p.min) || (p.max !== undefined && n > p.max)) return { error: p.label + ' must be between ' + (p.min === undefined ? '-∞' : p.min) + ' and ' + (p.max === undefined ? '∞' : p.max) };
        values[p.name] = n;
      } else {
        values[p.name] = control().value.slice(0, 1000);
      }
    }
    return { values: values };
  }

  function rerun() {
    var asked = placeholderValues();
    if (asked.error) return say(asked.error, 'invalid');
    say('Querying…', 'querying');
    return requery.elements.reduce(function (done, element) {
      return done.then(function () { return runElement(element, asked.values); });
    }, Promise.resolve()).then(function () {
      queries += 1;
      document.body.setAttribute('data-queries', String(queries));
      say('Showing the data for the values above (the tests ran on the published values).', 'ready');
    });
  }

  function runElement(element, values) {
    var tile = page.tileOf(element);
    var note = tile.querySelector('.requery-note');
    var statement = null;
    return conn.prepare(element.sql)
      .then(function (s) { statement = s; return s.query.apply(s, element.names.map(function (name) { return values[name]; })); })
      .then(function (table) {
        var rows = table.toArray().map(function (row) { return row.toJSON(); });
        var cut = rows.length > requery.rowCap;
        note.textContent = cut ? 'More than ' + requery.rowCap + ' rows: only the first ' + requery.rowCap + ' are drawn.' : '';
        return page.draw(page.data.elements.find(function (e) { return e.name === element.name; }), cut ? rows.slice(0, requery.rowCap) : rows);
      })
      .catch(function (err) { note.textContent = 'This query failed: ' + err.message; })
      .then(function () { return statement && statement.close(); });
  }

  if (document.readyState === 'complete') start();
  else window.addEventListener('load', start);
})();
`;
