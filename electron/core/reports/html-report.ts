import type { TestResult, TestRunReport } from '../../../shared/test-types.js';
import { diffSection } from './diff-html.js';
import { escapeBreakable, escapeHtml as esc } from './escape-html.js';
import { anomalyHtml } from './anomaly-html.js';
import { attentionSection } from './html-attention.js';
import { testAnchor } from './report-anchors.js';
import { byStage, formatNumber, formatPct, stageTitles, verdict } from './report-groups.js';
import { runTimesHtml } from './report-times.js';
import { statusIcon } from './status-icons.js';
import { unitTestHtml } from './unit-html.js';

/**
 * One self-contained HTML document per run: no script, no network, no font it needs (its icons are
 * inline SVG), opens from a file. It is what a reviewer signs off, so everything it states comes
 * from the run itself. What needs attention comes first, linked to its row.
 */
export function htmlReport(report: TestRunReport): string {
  const s = report.summary;
  const stages = byStage(report).map(({ stage, tests }) => `
  <section>
    <h2>${esc(stageTitles[stage])} <small>${tests.filter((t) => t.status === 'pass').length}/${tests.length} passed</small></h2>
    <table class="tests">
      <thead><tr><th></th><th>Test</th><th>Node</th><th>Observed</th><th>Baseline</th><th>Change</th><th>Threshold</th><th>ms</th></tr></thead>
      <tbody>${tests.map(testRow).join('')}</tbody>
    </table>
  </section>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="assay-commit" content="${esc(report.commit ?? '')}">
<meta name="assay-env-fingerprint" content="${esc(report.env_fingerprint)}">${report.target ? `\n<meta name="assay-target" content="${esc(report.target.name)}">` : ''}
<title>Assay test report · ${esc(report.project)} · ${esc(report.branch ?? '')}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2330;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .25rem} h2{font-size:1.1rem;margin:2rem 0 .5rem} small{color:#667;font-weight:normal}
.verdict{display:inline-block;padding:.15rem .6rem;border-radius:4px;font-weight:600}
.verdict.FAILED{background:#fde2e1;color:#a11} .verdict.PASSED{background:#dff5e3;color:#165d2a} .verdict.warn{background:#fff3cd;color:#7a5800}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:1rem 0} dt{color:#667} dd{margin:0;font-family:ui-monospace,monospace;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.35rem .5rem;border-bottom:1px solid #e4e7ee;vertical-align:top}
th{font-weight:600;color:#445;background:#f6f7fa} td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td,tr.error td{background:#fff5f5} tr.warn td{background:#fffbea}
details{margin:.3rem 0} summary{cursor:pointer;color:#345}
table.inner{width:auto;margin:.3rem 0;font-size:12px} .msg{color:#556;font-size:12px}
table.unit caption{text-align:left;color:#556} td.unit-hit{background:#fff1c2} td.unit-hit s{color:#a11} .null{color:#889}
.counts span{margin-right:1rem;white-space:nowrap} .changed{background:#fff1c2} .added{color:#165d2a} .removed{color:#a11}
.anomaly-chart{display:block;max-width:100%;height:auto;margin:.3rem 0}
.icon{width:1em;height:1em;vertical-align:-.15em;flex-shrink:0} .when{white-space:nowrap}
.attention{border:1px solid #e4b4b0;background:#fff8f7;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}
.attention.clear{border-color:#b7dfc2;background:#f3fbf5} .attention h2{margin:.3rem 0} .attention h3{font-size:1rem;margin:.6rem 0 .2rem}
.attention ul{list-style:none;padding:0;margin:0} .attention li{margin:.3rem 0}
tr:target>td{background:#eef2ff} tr:target>td:first-child{box-shadow:inset 4px 0 #3157d5} tr[id]{scroll-margin-top:1rem}
</style></head><body>
<h1>Assay test report · ${esc(report.project)}</h1>
<div class="verdict ${verdict(report) === 'FAILED' ? 'FAILED' : s.warn ? 'warn' : 'PASSED'}">${esc(verdict(report))}</div>
<dl>
<dt>Branch</dt><dd>${esc(report.branch ?? '(none)')}</dd>
<dt>Commit</dt><dd>${esc(report.commit ?? '(uncommitted)')}</dd>
<dt>Environment</dt><dd>${esc(report.env)}${report.target ? ` on ${esc(report.target.connection)}` : ''} · ${esc(report.env_fingerprint)}</dd>
<dt>Run</dt><dd>${runTimesHtml(report.started_at, report.finished_at)}</dd>
</dl>
<p class="counts"><span>${statusIcon('pass')} ${s.pass} passed</span><span>${statusIcon('warn')} ${s.warn} warned</span><span>${statusIcon('fail')} ${s.fail} failed</span><span>${statusIcon('error')} ${s.error} errored</span><span>${statusIcon('skipped')} ${s.skipped} skipped</span></p>
${attentionSection(report)}
${stages}
${report.diff ? `<section>${diffSection(report.diff)}</section>` : ''}
</body></html>
`;
}

function testRow(t: TestResult): string {
  const details = [t.message ? `<div class="msg">${esc(t.message)}</div>` : '', pointsTable(t), anomalyHtml(t), sampleTable(t), unitTestHtml(t)].join('');
  return `<tr id="${testAnchor(t.id)}" class="${t.status}">
<td>${statusIcon(t.status)}</td>
<td>${esc(t.name)}<div class="msg">${esc(t.kind)} · ${esc(t.severity)} · ${esc(t.location.file)}${t.location.line ? `:${t.location.line}` : ''}</div>${details}</td>
<td><code>${escapeBreakable(t.node)}</code>${t.column ? `<br><code>${escapeBreakable(t.column)}</code>` : ''}</td>
<td class="num">${esc(formatNumber(t.observed))}${t.failing_rows ? `<div class="msg">${esc(formatNumber(t.failing_rows))} failing rows</div>` : ''}</td>
<td class="num">${esc(formatNumber(t.baseline))}</td>
<td class="num">${t.delta !== null ? `${esc(formatNumber(t.delta))}<br>${esc(formatPct(t.delta_pct))}` : ''}</td>
<td>${escapeBreakable(t.threshold)}</td>
<td class="num">${t.duration_ms}</td></tr>`;
}

function pointsTable(t: TestResult): string {
  if (!t.points?.length) return '';
  const grouped = t.points.some((p) => p.group);
  const rows = t.points.map((p) => `<tr class="${p.status}"><td class="when">${esc(p.period ?? '')}</td>${grouped ? `<td>${esc(p.group ?? '')}</td>` : ''}<td class="num">${esc(formatNumber(p.current))}</td><td class="num">${esc(formatNumber(p.baseline))}</td><td class="num">${esc(formatNumber(p.delta))}</td><td class="num">${esc(formatPct(p.deltaPct))}</td><td>${statusIcon(p.status)}</td></tr>`).join('');
  const head = `<th>Period</th>${grouped ? '<th>Group</th>' : ''}<th>Current</th><th>Baseline</th><th>Δ</th><th>Δ %</th><th></th>`;
  return `<details${t.status === 'fail' ? ' open' : ''}><summary>${t.points.length} comparisons</summary><table class="inner"><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table></details>`;
}

function sampleTable(t: TestResult): string {
  if (!t.sample.length) return '';
  const columns = Object.keys(t.sample[0] ?? {});
  const rows = t.sample.map((r) => `<tr>${columns.map((c) => `<td>${esc(String(r[c] ?? ''))}</td>`).join('')}</tr>`).join('');
  return `<details><summary>sample of failing rows</summary><table class="inner"><thead><tr>${columns.map((c) => `<th>${esc(c)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table></details>`;
}
