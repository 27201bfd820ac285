import { ENGINE_LOADER_SCRIPT } from './engine-loader-script.js';

/**
 * `requery.js` of a published folder whose dashboard has parameters. The charts are drawn from the
 * data embedded at publish time (dashboard.js); nothing more loads until the pointer is over the
 * controls or a control is first touched. Then it loads the engine shared by the dashboards of the
 * publish (engine-loader-script.ts) and the exported tables (`data/*.js`), and whenever a control
 * changes runs again the queries of the elements whose own parameters changed (each prepared once,
 * parameters bound as values): all sent to the worker at once, each chart redrawn in place as its
 * rows come back; an element whose parameters did not change keeps its rows. Changes made while
 * the engine loads are run once it is ready. `performance` marks time each step for the benchmark.
 * Plain browser JavaScript.
 */
export const REQUERY_SCRIPT = String.raw`'use strict';
(function () {
  var page = window.assayDashboard;
  var requery = page.data.requery;
  var status = document.getElementById('requery-status');
  var controlsBar = status.parentNode;
  var controls = Array.prototype.slice.call(document.querySelectorAll('[data-param]'));
  var conn = null;
  /** Per element, the promise of its statement, prepared when it first runs and kept. */
  var statements = requery.elements.map(function () { return null; });
  /** Per element, the placeholder values of the rows its chart shows (at first the published ones), or null. */
  var shown = requery.elements.map(function () { return publishedValues(); });
  var engine = null;
  var running = Promise.resolve();
  var rerunQueued = false;
  var queries = 0;
${ENGINE_LOADER_SCRIPT}
  function say(text, state) {
    status.textContent = text;
    document.body.setAttribute('data-requery', state);
  }

  /** Loads the engine and the tables once; resolves to whether the page can query. */
  function ensureEngine() {
    if (engine) return engine;
    performance.mark('assay:engine-requested');
    say('Loading the query engine (DuckDB-Wasm, offline)…', 'loading');
    var db = null;
    var data = Promise.all(requery.dataScripts.map(loadScript));
    engine = Promise.all([loadDuckDb(requery.engine), data])
      .then(function (loaded) { db = loaded[0]; return db.connect(); })
      .then(function (c) {
        conn = c;
        return Promise.all(requery.tables.map(function (table) {
          var bytes = bytesOfBase64(window.assayData[table.file]);
          window.assayData[table.file] = null;
          return db.registerFileBuffer(table.file, bytes);
        }));
      })
      // Every table in one round trip to the worker: the statements run in order there.
      .then(function () { return conn.query(requery.tables.map(function (table) { return table.load; }).join(';\n')); })
      .then(function () {
        performance.mark('assay:engine-ready');
        say('Change a parameter to query the data again, in this page.', 'ready');
        return true;
      })
      .catch(function (err) {
        say('Re-querying is not available here: ' + err.message + '. The charts show the published values.', 'failed');
        return false;
      });
    return engine;
  }

  /** A change runs the queries once the engine is ready; changes made meanwhile are run together. */
  function changed() {
    var ready = ensureEngine();
    if (rerunQueued) return;
    rerunQueued = true;
    running = running
      .then(function () { return ready; })
      .then(function (ok) {
        rerunQueued = false;
        return ok ? rerun() : undefined;
      });
  }

  /** The value of every placeholder, or the reason the controls do not make a valid set. */
  function placeholderValues() {
    var values = {};
    for (var i = 0; i < requery.parameters.length; i++) {
      var p = requery.parameters[i];
      var control = function (part) { return document.querySelector('[data-param="' + p.name + '"]' + (part ? '[data-part="' + part + '"]' : '')); };
      if (p.type === 'date_range') {
        var start = control('start').value, end = control('end').value;
        if (!/^\d{4}-\d{2}-\d{2}$/.test(start) || !/^\d{4}-\d{2}-\d{2}$/.test(end) || start > end) return { error: p.label + ' needs two dates, the first not after the second' };
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

  /** The placeholder values of the published rows, as placeholderValues() gives them. */
  function publishedValues() {
    var values = {};
    requery.parameters.forEach(function (p) {
      if (p.type === 'date_range') {
        values[p.name + '_start'] = String(p.value.start);
        values[p.name + '_end'] = String(p.value.end);
      } else if (p.type === 'number') {
        values[p.name] = Number(p.value);
      } else {
        values[p.name] = String(p.value).slice(0, 1000);
      }
    });
    return values;
  }

  /** Whether an element's chart already shows the rows for these values: none of its placeholders changed. */
  function showsRowsFor(index, values) {
    var drawnFor = shown[index];
    return drawnFor !== null && requery.elements[index].names.every(function (name) { return drawnFor[name] === values[name]; });
  }

  function rerun() {
    var asked = placeholderValues();
    if (asked.error) return say(asked.error, 'invalid');
    say('Querying…', 'querying');
    // Only the elements whose own placeholders changed run again; their queries go to the worker at
    // once, where they run one after the other, and each chart is redrawn as its rows come back.
    return Promise.all(requery.elements.map(function (element, index) {
      return showsRowsFor(index, asked.values) ? null : runElement(element, index, asked.values);
    })).then(function () {
      queries += 1;
      performance.mark('assay:requeried-' + queries);
      document.body.setAttribute('data-queries', String(queries));
      say('Showing the data for the values above (the tests ran on the published values).', 'ready');
    });
  }

  function statementOf(index) {
    statements[index] = statements[index] || conn.prepare(requery.elements[index].sql);
    return statements[index];
  }

  /** Runs one element's query and redraws its chart; resolves once it is drawn (or its failure shown). */
  function runElement(element, index, values) {
    var tile = page.tileOf(element);
    var note = tile.querySelector('.requery-note');
    shown[index] = null;
    return statementOf(index)
      .then(function (statement) { return statement.query.apply(statement, element.names.map(function (name) { return values[name]; })); })
      .then(function (table) {
        var rows = table.toArray().map(function (row) { return row.toJSON(); });
        var cut = rows.length > requery.rowCap;
        note.textContent = cut ? 'More than ' + requery.rowCap + ' rows: only the first ' + requery.rowCap + ' are drawn.' : '';
        return page.draw(page.data.elements.find(function (e) { return e.name === element.name; }), cut ? rows.slice(0, requery.rowCap) : rows);
      })
      .then(function () { shown[index] = values; })
      .catch(function (err) { note.textContent = 'This query failed: ' + err.message; });
  }

  // Pointing at the controls or touching one starts the engine, so that it is on its way before a value changes.
  ['pointerover', 'pointerdown', 'focusin', 'keydown'].forEach(function (type) { controlsBar.addEventListener(type, ensureEngine); });
  controls.forEach(function (control) { control.addEventListener('change', changed); });
  document.body.setAttribute('data-requery', 'idle');
})();
`;
