import type { TestResult } from '../../../shared/test-types.js';
import { escapeHtml as esc } from './escape-html.js';

const cell = (value: unknown) => (value === null || value === undefined ? '<span class="null">NULL</span>' : esc(String(value)));

/**
 * A unit test's failure in the HTML report, as the app shows it: each differing row with its
 * expected and actual values side by side, the differing cells marked, then rows missing or unexpected.
 */
export function unitTestHtml(t: TestResult): string {
  const unit = t.unit;
  if (!unit || (unit.mismatched.length + unit.missing.length + unit.unexpected.length === 0 && unit.warnings.length === 0)) return '';
  const parts: string[] = [];
  if (unit.warnings.length) parts.push(`<ul class="msg">${unit.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>`);
  if (unit.mismatched.length) {
    const head = `<tr>${unit.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr>`;
    const rows = unit.mismatched.map((pair) => `<tr>${unit.columns.map((c) => (pair.changed.includes(c)
      ? `<td class="unit-hit"><s>${cell(pair.base?.[c])}</s> → <b>${cell(pair.compare?.[c])}</b></td>`
      : `<td>${cell(pair.base?.[c])}</td>`)).join('')}</tr>`).join('');
    parts.push(`<table class="inner unit"><caption>rows that differ (expected → actual)</caption><thead>${head}</thead><tbody>${rows}</tbody></table>`);
  }
  for (const [caption, rows] of [['expected, not returned', unit.missing], ['returned, not expected', unit.unexpected]] as const) {
    if (!rows.length) continue;
    const body = rows.map((row) => `<tr>${unit.columns.map((c) => `<td>${cell(row[c])}</td>`).join('')}</tr>`).join('');
    parts.push(`<table class="inner unit"><caption>${caption}</caption><thead><tr>${unit.columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`);
  }
  return `<details${t.status === 'fail' ? ' open' : ''}><summary>expected against actual</summary>${parts.join('')}</details>`;
}
