import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishDashboards } from '../../electron/core/dashboards/publish/publish-dashboards.js';
import { commitAll } from '../helpers/git-repo.js';
import { tempDir } from '../helpers/temp-project.js';
import { launchChromium, SMALL_VIEWPORT } from './support/browser.js';
import { createExampleRepo } from './support/example-project.js';
import { becomesTrue, openPublished } from './support/published-page.js';

const screenshots = path.resolve('test-results/screenshots');
const ELEMENTS = ['customers_per_month', 'market_share', 'top_prescribers', 'customer_variation'];

/** The example with its known September drop as a warning (the gate says go) and a second dashboard. */
async function exampleWithTwoDashboards(): Promise<string> {
  const root = await createExampleRepo();
  const schema = path.join(root, 'models/marts/schema.yml');
  await writeFile(schema, (await readFile(schema, 'utf8')).replace('          min_baseline: 10\n', '          min_baseline: 10\n          severity: warn\n'));
  const launch = await readFile(path.join(root, 'dashboards/launch.yml'), 'utf8');
  await writeFile(path.join(root, 'dashboards/launch_again.yml'), launch.replace('title: Velmora launch', 'title: Velmora launch, again'));
  await commitAll(root, 'the September drop warns; a second dashboard');
  return root;
}

async function bytesUnder(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += (await stat(path.join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe('a published folder: one compressed engine, loaded when a control is first touched', () => {
  let browser: Browser;
  let outDir = '';
  beforeAll(async () => {
    const root = await exampleWithTwoDashboards();
    const outcome = await publishDashboards({ projectRoot: root });
    if (!outcome.published) throw new Error(`not published: ${JSON.stringify(outcome.verdict.reasons)}`);
    outDir = outcome.outDir;
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('holds one gzipped engine beside the dashboards, which both manifests name', async () => {
    expect((await readdir(outDir)).sort()).toEqual(['assay-engine', 'launch', 'launch_again']);
    const engineFiles = (await readdir(path.join(outDir, 'assay-engine'))).sort();
    const parts = engineFiles.filter((f) => /^duckdb-wasm-\d+\.js$/.test(f)).sort((a, b) => Number(/\d+/.exec(a)?.[0]) - Number(/\d+/.exec(b)?.[0]));
    expect(parts.length).toBeGreaterThan(1);
    expect(engineFiles).toEqual([...parts, 'duckdb-worker.js', 'duckdb.js'].sort());
    for (const name of ['launch', 'launch_again']) expect((await readdir(path.join(outDir, name))).filter((f) => f.startsWith('duckdb'))).toEqual([]);

    // The binary travels gzipped, cut into parts: joined and inflated, it is WebAssembly ("\0asm").
    const scripts = await Promise.all(parts.map((f) => readFile(path.join(outDir, 'assay-engine', f), 'utf8')));
    const wasm = gunzipSync(Buffer.concat(scripts.map((script) => Buffer.from(/"([A-Za-z0-9+/=]+)"/.exec(script)?.[1] ?? '', 'base64'))));
    expect(wasm.subarray(0, 4)).toEqual(Buffer.from([0, 0x61, 0x73, 0x6d]));
    expect(wasm.length).toBeGreaterThan(3 * scripts.join('').length);

    const manifests = await Promise.all(['launch', 'launch_again'].map(async (name) => JSON.parse(await readFile(path.join(outDir, name, 'manifest.json'), 'utf8'))));
    expect(manifests[0].requery.engine.folder).toBe('../assay-engine');
    expect(manifests[1].requery.engine).toEqual(manifests[0].requery.engine);
    expect(await bytesUnder(outDir)).toBeLessThan(15 * 1024 * 1024);
  });

  it('draws the charts from file:// without the engine, then re-queries once a control is touched; the console stays clean', async () => {
    const opened = await openPublished(browser, path.join(outDir, 'launch', 'index.html'));
    const { page } = opened;
    for (const name of ELEMENTS) expect(await page.locator(`[data-element="${name}"] .chart svg.marks`).count(), name).toBe(1);
    expect(await page.locator('[data-element="top_prescribers"]').getAttribute('data-rows')).toBe('10');
    expect(await page.locator('body').getAttribute('data-requery')).toBe('idle');
    expect(opened.requests.filter((url) => url.includes('/assay-engine/') || url.includes('/data/'))).toEqual([]);
    await page.screenshot({ path: path.join(screenshots, '40-published-drawn-engine-not-loaded.png'), fullPage: true });

    // A reader types 3 prescribers and presses Enter: the engine loads, then the queries run again.
    await page.locator('[data-param="top_n"]').fill('3');
    await page.locator('[data-param="top_n"]').press('Enter');
    await becomesTrue(page, "document.body.dataset.queries === '1' && document.body.dataset.requery === 'ready'");
    expect(await page.locator('[data-element="top_prescribers"]').getAttribute('data-rows')).toBe('3');
    expect(opened.requests.filter((url) => url.includes('/assay-engine/')).map((url) => path.basename(url)).sort()).toEqual((await readdir(path.join(outDir, 'assay-engine'))).sort());
    expect(opened.requests.every((url) => url.startsWith('file:') || url.startsWith('blob:null/'))).toBe(true);

    // Another control, on the loaded engine: September alone.
    await page.locator('[data-param="period"][data-part="start"]').fill('2024-09-01');
    await page.locator('[data-param="period"][data-part="end"]').fill('2024-09-30');
    await becomesTrue(page, "JSON.stringify(assayLastRows.customers_per_month) === JSON.stringify([{ month: '2024-09-01', customers: 80 }]) && document.body.dataset.requery === 'ready'");
    expect(await page.locator('[data-element="customers_per_month"] .chart').textContent()).not.toContain('could not be drawn');
    expect(await page.locator('.requery-note:not(:empty)').count()).toBe(0);
    await page.screenshot({ path: path.join(screenshots, '41-published-requeried.png'), fullPage: true });
    expect(opened.console).toEqual([]);
    await opened.context.close();
  });

  it("the publish's other dashboard loads the same engine, and holds at 1024x700", async () => {
    const opened = await openPublished(browser, path.join(outDir, 'launch_again', 'index.html'), SMALL_VIEWPORT);
    const { page } = opened;
    expect(await page.locator('h1').textContent()).toBe('Velmora launch, again');
    await page.locator('[data-param="brand"]').selectOption('Velmora');
    await becomesTrue(page, "document.body.dataset.queries === '1' && document.body.dataset.requery === 'ready'");
    const brands = await page.evaluate('[...new Set(assayLastRows.market_share.map((r) => r.brand))]');
    expect(brands).toEqual(['Velmora']);
    const engine = opened.requests.filter((url) => url.includes('/assay-engine/'));
    expect(engine.every((url) => url.startsWith(pathToFileURL(path.join(outDir, 'assay-engine')).href))).toBe(true);
    await page.screenshot({ path: path.join(screenshots, '42-published-other-dashboard-1024.png'), fullPage: true });
    expect(opened.console).toEqual([]);
    await opened.context.close();
  });

  it('a dashboard folder copied without the engine still draws its charts, and says why it cannot re-query', async () => {
    const alone = path.join(await tempDir('assay-published-alone-'), 'launch');
    await cp(path.join(outDir, 'launch'), alone, { recursive: true });
    const opened = await openPublished(browser, path.join(alone, 'index.html'));
    const { page } = opened;
    expect(await page.locator('.chart svg.marks').count()).toBe(ELEMENTS.length);
    await page.locator('[data-param="brand"]').selectOption('Velmora');
    await page.locator('body[data-requery="failed"]').waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.locator('#requery-status').textContent()).toMatch(/could not load \.\.\/assay-engine\/duckdb(-wasm-1|-worker)?\.js \(the query engine the dashboards of a publish share, in the folder \.\.\/assay-engine beside this one\)\. The charts show the published values\./);
    expect(await page.locator('.chart svg.marks').count()).toBe(ELEMENTS.length);
    await page.screenshot({ path: path.join(screenshots, '43-published-without-engine.png'), fullPage: true });
    // The only console lines are the browser's own, for the missing files.
    expect(opened.console.filter((line) => !/ERR_FILE_NOT_FOUND/.test(line))).toEqual([]);
    await opened.context.close();
  });
});
