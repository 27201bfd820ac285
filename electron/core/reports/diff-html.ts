import type { ChangedRowSample, DiffReport, ModelDiff } from '../../../shared/diff-types.js';
import { escapeHtml } from './escape-html.js';
import { formatNumber } from './report-groups.js';

/** The diff as a self-contained HTML document (no script, no network); also a section of the test report. */
export function diffHtml(report: DiffReport): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Assay diff · ${escapeHtml(report.base.ref)} → ${escapeHtml(report.compare.ref)}</title>
<style>${diffStyles}</style></head><body>${diffSection(report)}</body></html>
`;
}

export const diffStyles = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
table{border-collapse:collapse;margin:.5rem 0} th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #e4e7ee;vertical-align:top}
th{background:#f6f7fa} td.num{text-align:right;font-variant-numeric:tabular-nums} .changed{background:#fff1c2}
.added{color:#165d2a} .removed{color:#a11} small{color:#667} h3{margin-top:1.5rem}`;

export function diffSection(report: DiffReport): string {
  const summary = report.models.map((m) => `<tr><td><a href="#m-${escapeHtml(m.name)}">${escapeHtml(m.name)}</a></td><td>${escapeHtml(m.status)}${m.change ? ` <small>${m.change}</small>` : ''}</td><td class="num">${formatNumber(m.rows.base)}</td><td class="num">${formatNumber(m.rows.compare)}</td><td class="num added">${formatNumber(m.rows.added)}</td><td class="num removed">${formatNumber(m.rows.removed)}</td><td class="num">${formatNumber(m.rows.changed)}</td></tr>`).join('');
  return `<h2>Diff ${escapeHtml(report.base.ref)} <small>${escapeHtml(report.base.commit?.slice(0, 10) ?? '')}</small> → ${escapeHtml(report.compare.ref)} <small>${escapeHtml(report.compare.commit?.slice(0, 10) ?? 'uncommitted')}</small></h2>
<table><thead><tr><th>Model</th><th>Status</th><th>Base rows</th><th>Compare rows</th><th>Added</th><th>Removed</th><th>Changed</th></tr></thead><tbody>${summary}</tbody></table>
${report.models.map(modelSection).join('')}`;
}

function modelSection(m: ModelDiff): string {
  const schema = [
    ...m.schema.added.map((c) => `<li class="added">+ ${escapeHtml(c.name)} <small>${escapeHtml(c.type)}</small></li>`),
    ...m.schema.removed.map((c) => `<li class="removed">− ${escapeHtml(c.name)} <small>${escapeHtml(c.type)}</small></li>`),
    ...m.schema.retyped.map((c) => `<li>${escapeHtml(c.name)}: ${escapeHtml(c.base)} → ${escapeHtml(c.compare)}</li>`),
  ].join('');
  const columns = Object.entries(m.columns).map(([name, c]) => `<tr><td>${escapeHtml(name)}</td><td class="num">${formatNumber(c.changed)}</td><td class="num">${c.match_pct ?? ''}</td></tr>`).join('');
  return `<h3 id="m-${escapeHtml(m.name)}">${escapeHtml(m.name)}</h3>
${m.error ? `<p class="removed">${escapeHtml(m.error)}</p>` : ''}${m.key_note ? `<p><small>${escapeHtml(m.key_note)}</small></p>` : ''}
<p>Key: ${escapeHtml(m.primary_key?.join(', ') ?? 'none')}</p>
${schema ? `<ul>${schema}</ul>` : ''}
${columns ? `<table><thead><tr><th>Column</th><th>Rows changed</th><th>Match %</th></tr></thead><tbody>${columns}</tbody></table>` : ''}
${changedSamples(m.samples.changed)}${rowsTable('Added rows', m.samples.added)}${rowsTable('Removed rows', m.samples.removed)}
${m.tests_changed.length ? `<ul>${m.tests_changed.map((t) => `<li>test ${escapeHtml(t.id)}: ${escapeHtml(t.base ?? 'absent')} → ${escapeHtml(t.compare ?? 'absent')}</li>`).join('')}</ul>` : ''}`;
}

function changedSamples(samples: ChangedRowSample[]): string {
  if (!samples.length) return '';
  const cols = Object.keys(samples[0]?.base ?? {});
  const body = samples.map((s) => `<tr>${cols.map((c) => {
    const changed = s.changed.includes(c);
    const value = changed ? `${String(s.base?.[c] ?? '∅')} → ${String(s.compare?.[c] ?? '∅')}` : String(s.compare?.[c] ?? '');
    return `<td${changed ? ' class="changed"' : ''}>${escapeHtml(value)}</td>`;
  }).join('')}</tr>`).join('');
  return `<p>Changed rows (sample)</p><table><thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table>`;
}

function rowsTable(title: string, rows: Record<string, unknown>[]): string {
  if (!rows.length) return '';
  const cols = Object.keys(rows[0] ?? {});
  return `<p>${title} (sample)</p><table><thead><tr>${cols.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${cols.map((c) => `<td>${escapeHtml(String(r[c] ?? ''))}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}
