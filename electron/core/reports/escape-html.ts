const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => entities[c] as string);
}

/** Escaped, with a line-break opportunity after each `.`, `_`, `:` and `/`: long node names wrap at their parts, not mid-word. */
export function escapeBreakable(value: string): string {
  return escapeHtml(value).replace(/([._:/])/g, '$1<wbr>');
}
