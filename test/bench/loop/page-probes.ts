import type { Page } from 'playwright-core';

/** The call the renderer's HTTP client makes (renderer/api/http-api.ts), from inside the page; resolves with its send and answer times. */
export function saveScript(token: string, node: string, sql: string): string {
  return `(async () => {
    const t0 = performance.timeOrigin + performance.now();
    const response = await fetch('/api/saveModel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-assay-token': ${JSON.stringify(token)} },
      body: ${JSON.stringify(JSON.stringify({ node, sql }))},
    });
    const body = await response.json();
    return { t0, t1: performance.timeOrigin + performance.now(), body };
  })()`;
}

export function apiScript(token: string, op: string, args: unknown): string {
  return `fetch('/api/${op}', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-assay-token': ${JSON.stringify(token)} },
    body: ${JSON.stringify(JSON.stringify(args))},
  }).then((r) => r.json())`;
}

/**
 * When the page first shows `marker` (epoch ms: the first frame after the DOM has it), or null after
 * `timeoutMs`. Watched with a MutationObserver, not checked on every animation frame: a probe that
 * asks for a frame 60 times a second keeps Chromium drawing, and on a 2-core machine that CPU is
 * taken from the loop it measures. The app's CSP refuses eval, which page.waitForFunction needs;
 * an evaluated script is not subject to it.
 */
export async function drawnAt(page: Page, probe: { kind: 'preview' | 'chart'; marker: string; element?: string }, timeoutMs: number): Promise<number | null> {
  const script = `(async () => {
    const probe = ${JSON.stringify(probe)};
    const seen = () => {
      if (probe.kind === 'preview') {
        return [...document.querySelectorAll('[data-testid="preview-row"]')].some((row) => (row.textContent || '').includes(probe.marker));
      }
      const chart = document.querySelector('[data-testid="chart-' + probe.element + '"][data-drawn="true"] svg');
      return !!chart && (chart.textContent || '').includes(probe.marker);
    };
    const shown = await new Promise((resolve) => {
      if (seen()) return resolve(true);
      const observer = new MutationObserver(() => {
        if (!seen()) return;
        observer.disconnect();
        clearTimeout(timer);
        resolve(true);
      });
      const timer = setTimeout(() => {
        observer.disconnect();
        resolve(false);
      }, ${timeoutMs});
      observer.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ['data-drawn'] });
    });
    if (!shown) return null;
    if (document.visibilityState === 'visible') await new Promise((resolve) => requestAnimationFrame(() => resolve()));
    return performance.timeOrigin + performance.now();
  })()`;
  return (await page.evaluate(script)) as number | null;
}
