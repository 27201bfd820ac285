import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDashboards } from '../../electron/core/dashboards/publish/publish-dashboards.js';
import { builtDashboardProject, oneElement } from '../dashboards/dashboard-project.js';
import { launchChromium } from './support/browser.js';

// A spec that asks vega-embed for every action, an editor of its own and a source pop-up with script,
// and that needs expressions evaluated (a calculate transform, a tooltip format).
const hostileSpec = [
  'mark: {type: bar, tooltip: true}',
  '      transform: [{calculate: "datum.amount * 2", as: doubled}]',
  '      encoding:',
  '        x: {field: month, type: ordinal}',
  '        y: {field: doubled, type: quantitative}',
  '      usermeta:',
  '        embedOptions:',
  '          actions: true',
  '          editorUrl: "https://editor.example.invalid"',
  '          sourceHeader: "<script>window.pwned = true</script>"',
].join('\n');

describe('a published page in a real Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('ignores embed options from specs (export actions only), and draws under a CSP without eval or inline script', async () => {
    const root = await builtDashboardProject({ sales: oneElement('select month, sum(amount) as amount from {{ ref(\'sales_by_month\') }} group by month order by month', hostileSpec) });
    const outcome = await publishDashboards({ projectRoot: root, dashboard: 'sales' });
    expect(outcome.published).toBe(true);
    const index = path.join(outcome.outDir, 'sales', 'index.html');
    const html = await readFile(index, 'utf8');
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1] ?? '';
    expect(csp).toMatch(/script-src 'self' file: 'wasm-unsafe-eval'(;|$)/);
    expect(csp).not.toMatch(/unsafe-inline'[^;]*;.*script-src|script-src[^;]*'unsafe-(inline|eval)'/);
    expect(html).not.toContain('embedOptions');

    const context = await browser.newContext();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(pathToFileURL(index).href);
    await page.locator('body[data-drawn="true"]').waitFor();
    expect(await page.locator('[data-element="chart"] .chart svg.marks').count()).toBe(1);
    expect(await page.locator('[data-element="chart"] .chart').textContent()).not.toContain('could not be drawn');

    const actions = await page.locator('.vega-actions a').allTextContents();
    expect(actions.length).toBeGreaterThan(0);
    for (const action of actions) expect(action).toMatch(/^Save as (SVG|PNG)$/);
    expect(await page.evaluate('window.pwned === true')).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });
});
