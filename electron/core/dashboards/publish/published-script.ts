/**
 * `dashboard.js` of a published folder: reads the embedded data and draws every chart with the
 * bundled vega-embed; `window.assayDashboard.draw` redraws one tile when `requery.js` brings new
 * rows. Plain browser JavaScript, written out as text; it loads nothing.
 */
export const PUBLISHED_SCRIPT = `'use strict';
(function () {
  var data = JSON.parse(document.getElementById('assay-dashboard').textContent);
  var drawable = data.elements.filter(function (e) { return !e.error; });
  var drawn = 0;
  window.assayLastRows = {};

  function tileOf(element) {
    return document.querySelector('[data-element="' + element.name + '"]');
  }

  function draw(element, rows) {
    var tile = tileOf(element);
    window.assayLastRows[element.name] = rows;
    var target = tile.querySelector('.chart');
    var spec = Object.assign({}, element.spec, { data: { values: rows }, width: element.spec.width || 'container', autosize: { type: 'fit', contains: 'padding' } });
    // A spec's usermeta.embedOptions would override these options (vega-embed merges them last).
    if (spec.usermeta && typeof spec.usermeta === 'object') {
      spec.usermeta = Object.assign({}, spec.usermeta);
      delete spec.usermeta.embedOptions;
    }
    return vegaEmbed(target, spec, {
      renderer: 'svg',
      // A reader's console stays quiet: Vega-Lite's warnings (Dropping fit-y, on a bar chart
      // with a discrete y) are for the author, who sees the chart in Assay first. Errors still show.
      logLevel: vega.Error,
      actions: { export: true, source: false, compiled: false, editor: false },
      // No eval under the page's CSP: expressions are interpreted.
      ast: true,
      expr: window.vegaInterpreter.expressionInterpreter
    })
      .then(function () {
        tile.setAttribute('data-drawn', 'true');
        tile.setAttribute('data-rows', String(rows.length));
      })
      .catch(function (err) {
        target.textContent = 'This chart could not be drawn: ' + err.message;
        tile.classList.add('failed');
      });
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
  window.assayDashboard = { data: data, draw: draw, tileOf: tileOf };
})();
`;
