/**
 * `dashboard.js` of a published folder: reads the embedded data and draws every chart, compiled to
 * Vega at publish, with the bundled vega-embed; `window.assayDashboard.draw` redraws one tile when `requery.js` brings new
 * rows. Plain browser JavaScript, written out as text; it loads nothing.
 *
 * A chart's rows are a named dataset (`assay_rows`), so that a redraw replaces them in the Vega
 * view the first embed built (its scales, axes and legends follow the new rows) instead of
 * compiling the spec and building a view again (issue 19: the first re-query under 3 s). When that
 * fails, the chart is embedded again from scratch.
 */
export const PUBLISHED_SCRIPT = `'use strict';
(function () {
  var ROWS = 'assay_rows';
  var data = JSON.parse(document.getElementById('assay-dashboard').textContent);
  var drawable = data.elements.filter(function (e) { return !e.error; });
  var drawn = 0;
  /** Each chart's Vega view, by element name, once drawn. */
  var views = {};
  /** Each chart's last drawing, so that the next one starts after it (rows drawn in the order given). */
  var drawing = {};
  window.assayLastRows = {};

  function tileOf(element) {
    return document.querySelector('[data-element="' + element.name + '"]');
  }

  /** Copies, for Vega: its transforms write into the objects it is given (a date parsed in place). */
  function copied(rows) {
    return rows.map(function (row) { return Object.assign({}, row); });
  }

  /** The chart's Vega spec (compiled at publish) with the rows in its named dataset. */
  function withRows(vegaSpec, rows) {
    var spec = Object.assign({}, vegaSpec);
    spec.data = (vegaSpec.data || []).map(function (d) {
      return d.name === ROWS ? Object.assign({}, d, { values: copied(rows) }) : d;
    });
    return spec;
  }

  function embed(element, target, rows) {
    return vegaEmbed(target, withRows(element.vega, rows), {
      mode: 'vega',
      renderer: 'svg',
      logLevel: vega.Error,
      actions: { export: true, source: false, compiled: false, editor: false },
      // No eval under the page's CSP: expressions are interpreted.
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter
    }).then(function (result) { return result.view; });
  }

  /** New rows into the view the chart already has: its dataflow recomputes what depends on them. */
  function replaceRows(view, rows) {
    return Promise.resolve()
      .then(function () { return view.data(ROWS, copied(rows)).runAsync(); })
      .then(function () { return view; });
  }

  function draw(element, rows) {
    var tile = tileOf(element);
    window.assayLastRows[element.name] = rows;
    var target = tile.querySelector('.chart');
    var done = (drawing[element.name] || Promise.resolve()).then(function () {
      var view = views[element.name];
      if (!view) return embed(element, target, rows);
      return replaceRows(view, rows).catch(function () {
        delete views[element.name];
        view.finalize();
        return embed(element, target, rows);
      });
    })
      .then(function (view) {
        views[element.name] = view;
        tile.classList.remove('failed');
        tile.setAttribute('data-drawn', 'true');
        tile.setAttribute('data-rows', String(rows.length));
      })
      .catch(function (err) {
        delete views[element.name];
        target.textContent = 'This chart could not be drawn: ' + err.message;
        tile.classList.add('failed');
      });
    drawing[element.name] = done;
    return done;
  }

  drawable.forEach(function (element) {
    draw(element, element.rows).then(function () {
      drawn += 1;
      if (drawn === drawable.length) allDrawn();
    });
  });
  if (drawable.length === 0) allDrawn();

  function allDrawn() {
    performance.mark('assay:charts-drawn');
    document.body.setAttribute('data-drawn', 'true');
  }
  window.assayDashboard = { data: data, draw: draw, tileOf: tileOf, views: views };
})();
`;
