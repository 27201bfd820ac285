/**
 * What a published page may do. Scripts come only from its own folder (no inline script, no
 * `eval`: chart expressions run in vega-interpreter; WebAssembly for DuckDB-Wasm is the one
 * compile allowed), it connects nowhere, and a chart's spec cannot change how it is embedded.
 */
export const PUBLISHED_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self' file: 'wasm-unsafe-eval'",
  "worker-src blob:",
  "style-src 'unsafe-inline'",
  'img-src data: blob:',
  "connect-src 'none'",
  "font-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * A spec without `usermeta.embedOptions`: vega-embed lets those override the options it is given,
 * so a spec could turn "View Source" (which writes the rows unescaped into a pop-up) or an editor
 * link back on. Assay's options alone decide: export actions, nothing else.
 */
export function withoutEmbedOptions(spec: Record<string, unknown>): Record<string, unknown> {
  const usermeta = spec.usermeta;
  if (!usermeta || typeof usermeta !== 'object' || Array.isArray(usermeta) || !('embedOptions' in usermeta)) return spec;
  const { embedOptions: _ignored, ...rest } = usermeta as Record<string, unknown>;
  return { ...spec, usermeta: rest };
}
