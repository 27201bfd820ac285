import { cp, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDashboards } from '../../electron/core/dashboards/publish/publish-dashboards.js';
import { commitAll } from '../helpers/git-repo.js';
import { tempDir } from '../helpers/temp-project.js';
import { launchChromium } from './support/browser.js';
import { createExampleRepo } from './support/example-project.js';
import { becomesTrue, openPublished } from './support/published-page.js';

const ELEMENTS = ['customers_per_month', 'market_share', 'top_prescribers', 'customer_variation'];

/** What a reader sees of one chart: its axes' labels (in place order; numbers sorted), its bars and points, its legend. */
interface DrawnChart {
  axes: string[][];
  bars: number;
  points: number;
  legend: string[];
}

/** Runs in the page (a string: the page's globals are not this file's types). */
const CHART_OF = `(name) => {
  const svg = document.querySelector('[data-element="' + name + '"] .chart svg');
  if (!svg) throw new Error('no chart drawn for ' + name);
  // In the order a reader sees them (top to bottom, left to right): an updated view may keep a label's element and add others after it.
  const place = (t) => { const r = t.getBoundingClientRect(); return Math.round(r.top) * 100000 + Math.round(r.left); };
  const texts = (root, selector) => [...root.querySelectorAll(selector)].sort((a, b) => place(a) - place(b)).map((t) => t.textContent ?? '');
  const sorted = (labels) => (labels.every((l) => l !== '' && !Number.isNaN(Number(l))) ? [...labels].sort((a, b) => Number(a) - Number(b)) : labels);
  const marks = (type) => svg.querySelectorAll('.mark-' + type + '.role-mark path').length;
  return {
    axes: [...svg.querySelectorAll('.role-axis')].map((axis) => sorted(texts(axis, '.role-axis-label text'))).filter((labels) => labels.length > 0),
    bars: marks('rect'),
    points: marks('symbol'),
    legend: [...svg.querySelectorAll('.role-legend')].flatMap((legend) => texts(legend, '.role-legend-label text')),
  };
}`;

async function chartOf(page: Page, element: string): Promise<DrawnChart> {
  return (await page.evaluate(`(${CHART_OF})(${JSON.stringify(element)})`)) as DrawnChart;
}

/** Tags each chart's drawing (its svg element), so that a later look tells whether it was kept or replaced. */
async function tagCharts(page: Page): Promise<void> {
  await page.evaluate(`${JSON.stringify(ELEMENTS)}.forEach((name) => { document.querySelector('[data-element="' + name + '"] .chart svg').assayTag = name; })`);
}

async function keptCharts(page: Page): Promise<string[]> {
  return (await page.evaluate(`${JSON.stringify(ELEMENTS)}.filter((name) => document.querySelector('[data-element="' + name + '"] .chart svg')?.assayTag === name)`)) as string[];
}

describe('a published page re-queries in place', () => {
  let browser: Browser;
  let outDir = '';
  beforeAll(async () => {
    const root = await createExampleRepo();
    // The known September drop as a warning, so that the release gate says go.
    const schema = path.join(root, 'models/marts/schema.yml');
    await writeFile(schema, (await readFile(schema, 'utf8')).replace('          min_baseline: 10\n', '          min_baseline: 10\n          severity: warn\n'));
    await commitAll(root, 'the September drop warns');
    const outcome = await publishDashboards({ projectRoot: root, dashboard: 'launch' });
    if (!outcome.published) throw new Error(`not published: ${JSON.stringify(outcome.verdict.reasons)}`);
    outDir = outcome.outDir;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('keeps each chart and shows the new rows: marks, axes and legends recomputed, not the published ones', async () => {
    const opened = await openPublished(browser, path.join(outDir, 'launch', 'index.html'));
    const { page } = opened;
    const published = await chartOf(page, 'top_prescribers');
    expect(published.bars).toBe(10);
    expect(published.axes).toContainEqual(await page.evaluate('assayLastRows.top_prescribers.map((r) => r.prescriber)'));
    expect((await chartOf(page, 'customers_per_month')).axes).toContainEqual(['Jan 2024', 'Feb 2024', 'Mar 2024', 'Apr 2024', 'May 2024', 'Jun 2024', 'Jul 2024', 'Aug 2024', 'Sep 2024', 'Oct 2024', 'Nov 2024', 'Dec 2024']);
    await tagCharts(page);

    await page.locator('[data-param="top_n"]').fill('3');
    await page.locator('[data-param="top_n"]').press('Enter');
    await becomesTrue(page, "document.body.dataset.queries === '1' && document.body.dataset.requery === 'ready'");
    const top3 = await chartOf(page, 'top_prescribers');
    const names = (await page.evaluate('assayLastRows.top_prescribers.map((r) => r.prescriber)')) as string[];
    expect(names).toHaveLength(3);
    expect(top3.bars).toBe(3);
    expect(top3.axes).toContainEqual(names);
    expect(top3.axes.flat().filter((label) => /^Dr\. /.test(label))).toEqual(names);
    expect(await keptCharts(page)).toEqual(ELEMENTS);
    // Only the chart whose own parameter changed ran its query again; the others keep the published rows.
    const keepsPublished = (name: string) => page.evaluate(`assayLastRows.${name} === assayDashboard.data.elements.find((e) => e.name === '${name}').rows`);
    for (const name of ELEMENTS) expect(await keepsPublished(name), name).toBe(name !== 'top_prescribers');

    // Back to the published value: the chart now shows 3 rows, so it runs again.
    await page.locator('[data-param="top_n"]').fill('10');
    await page.locator('[data-param="top_n"]').press('Enter');
    await becomesTrue(page, "document.body.dataset.queries === '2' && document.body.dataset.requery === 'ready'");
    expect((await chartOf(page, 'top_prescribers')).bars).toBe(10);
    expect(await page.locator('[data-element="top_prescribers"]').getAttribute('data-rows')).toBe('10');

    // September alone: one month on the time axis, the counts' axis down to September's 80 prescribers.
    await page.locator('[data-param="period"][data-part="start"]').fill('2024-09-01');
    await page.locator('[data-param="period"][data-part="end"]').fill('2024-09-30');
    await becomesTrue(page, "JSON.stringify(assayLastRows.customers_per_month) === JSON.stringify([{ month: '2024-09-01', customers: 80 }]) && document.body.dataset.requery === 'ready'");
    const september = await chartOf(page, 'customers_per_month');
    expect(september.axes).toContainEqual(['Sep 2024']);
    expect(september.axes).toContainEqual(['0', '10', '20', '30', '40', '50', '60', '70', '80']);
    expect(september.points).toBe(1);
    const prescribers = await chartOf(page, 'top_prescribers');
    const rows = (await page.evaluate('assayLastRows.top_prescribers')) as { prescriber: string; specialty: string; prescriptions: number }[];
    // Sorted: prescribers with as many prescriptions may be drawn in either order.
    expect(prescribers.axes.map((labels) => [...labels].sort())).toContainEqual(rows.map((r) => r.prescriber).sort());
    expect(prescribers.legend).toEqual([...new Set(rows.map((r) => r.specialty))].sort());
    // The bars' axis ends near September's largest count, not at the year's 600.
    const counts = prescribers.axes.find((labels) => labels.every((l) => /^\d+$/.test(l))) ?? [];
    expect(Number(counts.at(-1))).toBeGreaterThanOrEqual(Math.max(...rows.map((r) => r.prescriptions)));
    expect(Number(counts.at(-1))).toBeLessThan(published.axes.flat().filter((l) => /^\d+$/.test(l)).map(Number).reduce((a, b) => Math.max(a, b), 0));
    expect(await page.evaluate("[...document.querySelectorAll('[data-element]')].map((tile) => tile.getAttribute('data-rows'))")).toEqual(
      await page.evaluate(`${JSON.stringify(ELEMENTS)}.map((name) => String(assayLastRows[name].length))`),
    );
    expect(await keptCharts(page)).toEqual(ELEMENTS);
    expect(await page.locator('.chart').allTextContents()).not.toContainEqual(expect.stringContaining('could not be drawn'));
    expect(opened.console).toEqual([]);
    await opened.context.close();
  });

  it('embeds a chart again from scratch when its view refuses the new rows', async () => {
    const opened = await openPublished(browser, path.join(outDir, 'launch', 'index.html'));
    const { page } = opened;
    await tagCharts(page);
    await page.evaluate("assayDashboard.views.top_prescribers.data = () => { throw new Error('refused'); }");
    await page.locator('[data-param="top_n"]').fill('4');
    await page.locator('[data-param="top_n"]').press('Enter');
    await becomesTrue(page, "document.body.dataset.queries === '1' && document.body.dataset.requery === 'ready'");
    const chart = await chartOf(page, 'top_prescribers');
    expect(chart.bars).toBe(4);
    expect(chart.axes).toContainEqual(await page.evaluate('assayLastRows.top_prescribers.map((r) => r.prescriber)'));
    expect(await keptCharts(page)).toEqual(ELEMENTS.filter((name) => name !== 'top_prescribers'));
    expect(await page.locator('[data-element="top_prescribers"] .chart').textContent()).not.toContain('could not be drawn');
    expect(opened.console).toEqual([]);
    await opened.context.close();
  });

  it('starts the engine when the pointer comes over the controls, before any change', async () => {
    const opened = await openPublished(browser, path.join(outDir, 'launch', 'index.html'));
    const { page } = opened;
    await page.mouse.move(5, 780);
    expect(await page.locator('body').getAttribute('data-requery')).toBe('idle');
    expect(opened.requests.filter((url) => url.includes('/assay-engine/'))).toEqual([]);
    await page.locator('.controls').hover();
    await page.locator('body[data-requery="ready"]').waitFor({ state: 'attached', timeout: 90_000 });
    expect(opened.requests.filter((url) => url.includes('/assay-engine/')).length).toBeGreaterThan(0);
    expect(await page.locator('body').getAttribute('data-queries')).toBeNull();
    await page.locator('[data-param="brand"]').selectOption('Velmora');
    await becomesTrue(page, "document.body.dataset.queries === '1' && document.body.dataset.requery === 'ready'");
    expect(await page.evaluate('[...new Set(assayLastRows.market_share.map((r) => r.brand))]')).toEqual(['Velmora']);
    expect(opened.console).toEqual([]);
    await opened.context.close();
  });

  it.each([
    ['a part that is not the rest of the gzipped binary', `window.assayDuckDbWasm = "${Buffer.alloc(4096, 7).toString('base64')}";\n`, /is damaged \(.+\)/],
    ['a part that holds no base64', 'window.somethingElse = 1;\n', /is damaged \(\.\.\/assay-engine\/duckdb-wasm-2\.js holds no part of it\)/],
  ])('says so when the engine binary is damaged (%s), and keeps the published charts', async (_damage, part, reason) => {
    const copy = await tempDir('assay-published-damaged-');
    await cp(outDir, copy, { recursive: true });
    await writeFile(path.join(copy, 'assay-engine', 'duckdb-wasm-2.js'), part);
    const opened = await openPublished(browser, path.join(copy, 'launch', 'index.html'));
    const { page } = opened;
    await page.locator('[data-param="brand"]').selectOption('Velmora');
    await page.locator('body[data-requery="failed"]').waitFor({ state: 'attached', timeout: 90_000 });
    const status = await page.locator('#requery-status').textContent();
    expect(status).toMatch(/^Re-querying is not available here: the query engine in the folder \.\.\/assay-engine beside this one is damaged \(.+\)\. The charts show the published values\.$/);
    expect(status).toMatch(reason);
    expect(await page.locator('.chart svg.marks').count()).toBe(ELEMENTS.length);
    expect(await page.locator('[data-element="market_share"]').getAttribute('data-rows')).toBe('144');
    expect(opened.console.filter((line) => line.startsWith('uncaught'))).toEqual([]);
    await opened.context.close();
  });
});
