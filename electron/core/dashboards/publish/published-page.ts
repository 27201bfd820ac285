import type { DashboardPreview, PublishManifest, ResolvedParameter } from '../../../../shared/dashboard-types.js';
import { escapeHtml as esc } from '../../reports/escape-html.js';
import { parameterControls } from './published-controls.js';
import { PUBLISHED_PAGE_CSP } from './published-page-policy.js';
import type { PublishedChart } from './published-vega-spec.js';
import type { EngineScripts } from './shared-engine.js';
import { VEGA_SCRIPTS } from './vega-bundle.js';

/** What a page needs to run its dashboard's queries again in the browser (see requery.js). */
export interface RequeryPayload {
  tables: { file: string; load: string }[];
  elements: { name: string; sql: string; names: string[] }[];
  parameters: ResolvedParameter[];
  rowCap: number;
  /** The `data/*.js` scripts that carry the tables, loaded when a control is first touched. */
  dataScripts: string[];
  /** The shared engine's scripts, relative to the page (`../assay-engine/duckdb.js`, …), loaded then too. */
  engine: EngineScripts;
}

/** A page re-queries, or says why it shows only the published values. */
export type PageRequery = { enabled: true; payload: RequeryPayload } | { enabled: false; reason: string };

/**
 * `index.html` of a published dashboard: it opens from `file://` with no network. The data is
 * embedded as JSON in the page (a `<script type="application/json">` is inert and readable from a
 * file, where fetch() of a neighbouring file is refused), with each chart compiled to Vega at publish
 * (published-vega-spec.ts); the charts are drawn by the Vega builds
 * copied beside it, and a CSP forbids any connection, inline script and eval (published-page-policy.ts). A page with parameters gets controls that
 * run the queries again in DuckDB-Wasm; the engine and the tables load only when a control is first
 * touched (requery-script.ts), from the engine folder the dashboards of a publish share.
 */
export function publishedPage(preview: DashboardPreview, manifest: PublishManifest, requery: PageRequery, charts: Map<string, PublishedChart>): string {
  const chartOf = (name: string): PublishedChart => charts.get(name) ?? { error: 'the chart was not compiled' };
  const errorOf = (e: DashboardPreview['elements'][number]): string | null => {
    const chart = chartOf(e.name);
    return e.error ?? ('error' in chart ? chart.error : null);
  };
  const payload = {
    elements: preview.elements.map((e) => {
      const chart = chartOf(e.name);
      return { name: e.name, title: e.title, vega: 'vega' in chart ? chart.vega : null, rows: e.rows, error: errorOf(e) };
    }),
    requery: requery.enabled ? requery.payload : null,
  };
  const fixed = preview.parameters.map((p) => `<span><b>${esc(p.label)}</b> ${esc(formatValue(p.value))}</span>`).join('');
  const params = requery.enabled ? parameterControls(preview.parameters) : fixed ? `<div class="params">${fixed}${requery.reason ? `<span class="fixed" title="${esc(requery.reason)}">fixed at publish: ${esc(requery.reason)}</span>` : ''}</div>` : '';
  const tiles = preview.elements.map((e) => `
    <section class="tile" data-element="${esc(e.name)}" style="grid-column: span ${Math.min(e.span, preview.columns)}">
      <h2>${esc(e.title)}</h2>
      ${e.tests.length ? `<ul class="tests">${e.tests.map((t) => `<li class="${esc(t.status)}" title="${esc(t.id)}">${esc(t.kind)} ${esc(t.status)}</li>`).join('')}</ul>` : ''}
      ${e.warning ? `<p class="warning">${esc(e.warning)}</p>` : ''}
      <p class="requery-note"></p>
      ${errorOf(e) ? `<p class="error">${esc(errorOf(e) as string)}</p>` : '<div class="chart"></div>'}
    </section>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${PUBLISHED_PAGE_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="assay-commit" content="${esc(manifest.commit ?? '')}">
<title>${esc(preview.title)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d2330;background:#f4f5f8}
header{padding:1.2rem 1.5rem;background:#fff;border-bottom:1px solid #e1e4ec}
h1{font-size:1.4rem;margin:0 0 .3rem} .description{margin:0 0 .6rem;color:#445;max-width:60rem}
.meta,.params{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;color:#667;font-size:12px} .params{margin-top:.4rem;color:#334}
main{display:grid;grid-template-columns:repeat(${preview.columns},minmax(0,1fr));gap:1rem;padding:1rem 1.5rem}
.tile{background:#fff;border:1px solid #e1e4ec;border-radius:8px;padding:.8rem 1rem;min-width:0}
.tile h2{font-size:1rem;margin:0 0 .5rem} .chart{width:100%;min-height:260px}
.tests{display:flex;gap:.3rem;list-style:none;margin:0 0 .4rem;padding:0;font-size:11px}
.tests li{padding:0 .4rem;border-radius:8px;background:#e3f4ea;color:#165d2a} .tests li.warn{background:#fff3cd;color:#7a5800} .tests li.fail,.tests li.error{background:#fde2e1;color:#a11}
.warning{background:#fff3cd;color:#7a5800;padding:.3rem .5rem;border-radius:4px;font-size:12px}
.controls{display:flex;flex-wrap:wrap;align-items:center;gap:.4rem 1.2rem;margin-top:.6rem;font-size:13px} .param b{font-weight:600;margin-right:.3rem}
.requery-status{color:#667;font-size:12px} [data-requery=failed] .requery-status,[data-requery=invalid] .requery-status{color:#a11}
.requery-note:empty{display:none} .requery-note{color:#7a5800;font-size:12px;margin:.2rem 0} .fixed{color:#889}
.error{background:#fde2e1;color:#a11;padding:.3rem .5rem;border-radius:4px;font-size:12px;white-space:pre-wrap}
</style></head><body>
<header>
  <h1>${esc(preview.title)}</h1>
  ${preview.description ? `<p class="description">${esc(preview.description)}</p>` : ''}
  <div class="meta">
    <span>commit ${esc(manifest.commit?.slice(0, 10) ?? 'uncommitted')}</span>
    <span>branch ${esc(manifest.branch ?? '—')}</span>
    <span>published ${esc(manifest.published_at)}</span>
    <span>${manifest.signoff ? `signed off by ${esc(manifest.signoff.reviewer.name)}` : 'no sign-off required'}</span>
    <span>report ${esc(manifest.report_sha256?.slice(0, 12) ?? '—')}</span>
  </div>
  ${params}
</header>
<main>${tiles}
</main>
<script type="application/json" id="assay-dashboard">${jsonForScript(payload)}</script>
${VEGA_SCRIPTS.map((s) => `<script src="${s}"></script>`).join('\n')}
<script src="dashboard.js"></script>
${requery.enabled ? '<script src="requery.js"></script>\n' : ''}</body></html>
`;
}

/** JSON that cannot close its script element: every `<` is written as `\\u003c`. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function formatValue(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'start' in value && 'end' in value) return `${String(value.start)} – ${String(value.end)}`;
  return String(value);
}
