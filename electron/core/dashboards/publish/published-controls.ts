import type { DateRange, ResolvedParameter } from '../../../../shared/dashboard-types.js';
import { escapeHtml as esc } from '../../reports/escape-html.js';

/**
 * The parameter controls of a re-querying published page, set to the published values; the first
 * touch loads DuckDB-Wasm, and `requery.js` reads them by `data-param` / `data-part`.
 */
export function parameterControls(parameters: ResolvedParameter[]): string {
  const controls = parameters.map((p) => `<label class="param"><b>${esc(p.label)}</b> ${control(p)}</label>`).join('\n    ');
  // A group, not a form: Enter in a field would submit a form, and the page's policy runs no inline handler to stop it.
  return `<div class="controls" role="group" aria-label="Parameters">
    ${controls}
    <span id="requery-status" class="requery-status">The charts show the published values; change a parameter to query the data again, in this page.</span>
  </div>`;
}

function control(p: ResolvedParameter): string {
  const name = `data-param="${esc(p.name)}"`;
  switch (p.type) {
    case 'date_range': {
      const range = p.value as DateRange;
      return `<input type="date" ${name} data-part="start" value="${esc(range.start)}"> – <input type="date" ${name} data-part="end" value="${esc(range.end)}">`;
    }
    case 'select': {
      const options = p.options.includes(String(p.value)) ? p.options : [String(p.value), ...p.options];
      return `<select ${name}>${options.map((o) => `<option${o === p.value ? ' selected' : ''}>${esc(o)}</option>`).join('')}</select>`;
    }
    case 'number': {
      const bounds = [p.min !== undefined ? `min="${p.min}"` : '', p.max !== undefined ? `max="${p.max}"` : '', p.step !== undefined ? `step="${p.step}"` : ''].join(' ');
      return `<input type="number" ${name} ${bounds} value="${esc(String(p.value))}">`;
    }
    case 'text':
      return `<input type="text" ${name} maxlength="1000" value="${esc(String(p.value))}">`;
  }
}
