/**
 * `dashboard.js` of a published folder: reads the embedded data and draws every chart with the
 * bundled vega-embed. Plain browser JavaScript, written out as text; it loads nothing.
 */
export const PUBLISHED_SCRIPT = `'use strict';
(function () {
  var data = JSON.parse(document.getElementById('assay-dashboard').textContent);
  var drawn = 0;
  data.elements.forEach(function (element) {
    var tile = document.querySelector('[data-element="' + element.name + '"]');
    var target = tile.querySelector('.chart');
    if (element.error) return;
    var spec = Object.assign({}, element.spec, { data: { values: element.rows }, width: element.spec.width || 'container', autosize: { type: 'fit', contains: 'padding' } });
    vegaEmbed(target, spec, { renderer: 'svg', actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function () {
        drawn += 1;
        tile.setAttribute('data-drawn', 'true');
        if (drawn === data.elements.filter(function (e) { return !e.error; }).length) document.body.setAttribute('data-drawn', 'true');
      })
      .catch(function (err) {
        target.textContent = 'This chart could not be drawn: ' + err.message;
        tile.classList.add('failed');
      });
  });
  if (data.elements.every(function (e) { return e.error; })) document.body.setAttribute('data-drawn', 'true');
})();
`;
