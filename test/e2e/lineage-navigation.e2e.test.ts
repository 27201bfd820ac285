import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { commitAll } from '../helpers/git-repo.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number }> {
  const found = await locator.boundingBox();
  if (!found) throw new Error(`${locator.toString()} is not drawn`);
  return found;
}

/** A model nothing reads, broken so that a build leaves one failed node among built ones. */
async function breakQaLakeDeliveries(projectDir: string): Promise<void> {
  await writeFile(path.join(projectDir, 'models/qa/qa_lake_deliveries.sql'), 'select * from a_table_that_is_not_there\n');
  await commitAll(projectDir, 'break qa_lake_deliveries');
}

describe('a lineage you can work in, on the example project (issue 19)', () => {
  const suite = useExampleSuite();

  it('zooms, pans, fits, finds a node and lights its upstream and downstream (1280x800)', async () => {
    const { app, lineage } = await suite.open({ autoBuild: false, viewport: DESIGN_VIEWPORT });
    const page = app.page;
    const all = await lineage.drawnIds();
    expect(all.length).toBeGreaterThan(12);
    await app.screenshot('lineage-01-example-1280');

    // Fitted on open: every node inside the graph's area.
    const area = await box(lineage.graph);
    const inside = async () => {
      for (const id of all) {
        const node = await box(lineage.node(id));
        expect(node.x, id).toBeGreaterThanOrEqual(area.x - 1);
        expect(node.y, id).toBeGreaterThanOrEqual(area.y - 1);
        expect(node.x + node.width, id).toBeLessThanOrEqual(area.x + area.width + 1);
        expect(node.y + node.height, id).toBeLessThanOrEqual(area.y + area.height + 1);
      }
    };
    await inside();
    const fitted = await lineage.transform();

    // The buttons zoom around the middle.
    await lineage.zoomIn();
    expect((await lineage.transform()).k).toBeCloseTo(fitted.k * 1.25);
    await lineage.zoomOut();
    await lineage.zoomOut();
    expect((await lineage.transform()).k).toBeCloseTo(fitted.k / 1.25);

    // The wheel zooms around the pointer: the node under it stays under it.
    await lineage.fit();
    const target = await box(lineage.node('dim_product'));
    const pointer = { x: target.x + target.width / 2, y: target.y + target.height / 2 };
    await page.mouse.move(pointer.x, pointer.y);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await lineage.transform()).k).toBeGreaterThan(fitted.k * 1.5);
    const zoomed = await box(lineage.node('dim_product'));
    expect(Math.abs(zoomed.x + zoomed.width / 2 - pointer.x)).toBeLessThan(3);
    expect(Math.abs(zoomed.y + zoomed.height / 2 - pointer.y)).toBeLessThan(3);
    expect(zoomed.width).toBeGreaterThan(target.width * 1.5);

    // Dragging the background pans by as much as the pointer moved, and opens nothing.
    const before = await lineage.transform();
    const start = { x: area.x + 20, y: area.y + area.height - 80 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    await page.mouse.move(start.x + 60, start.y - 20, { steps: 4 });
    await page.mouse.move(start.x + 120, start.y - 40, { steps: 4 });
    await page.mouse.up();
    const panned = await lineage.transform();
    expect(panned.x - before.x).toBeCloseTo(120, 0);
    expect(panned.y - before.y).toBeCloseTo(-40, 0);
    expect(panned.k).toBe(before.k);
    await lineage.root.waitFor();

    // A drag that starts on a node pans and does not open it.
    const onNode = await box(lineage.node('stg_products'));
    await page.mouse.move(onNode.x + 20, onNode.y + 20);
    await page.mouse.down();
    await page.mouse.move(onNode.x + 80, onNode.y + 40, { steps: 5 });
    await page.mouse.up();
    // Read after a frame, by when an opened node would have been drawn.
    expect(await page.evaluate(`new Promise((done) => requestAnimationFrame(() => done(document.querySelector('[data-testid="node-view"]') === null)))`)).toBe(true);
    await app.screenshot('lineage-02-zoomed-panned-1280');

    await lineage.fit();
    expect(await lineage.transform()).toEqual(fitted);
    await inside();

    // Hover lights exactly what dim_product reads (down to the source) and what reads it (up to the dashboard).
    await lineage.node('dim_product').hover();
    const expected = {
      active: ['dim_product'],
      upstream: ['source:lake.products', 'stg_products'],
      downstream: ['active_prescribers_history', 'customers_per_month', 'dashboard:launch', 'fact_prescriptions'],
    };
    const roles = await lineage.rolesByNode();
    expect({ active: roles.active, upstream: roles.upstream, downstream: roles.downstream }).toEqual(expected);
    expect(roles.unrelated).toEqual(all.filter((id) => !Object.values(expected).flat().includes(id)));
    expect(await lineage.litEdges()).toEqual([
      'dim_product->dashboard:launch', 'dim_product->fact_prescriptions', 'fact_prescriptions->active_prescribers_history', 'fact_prescriptions->customers_per_month', 'fact_prescriptions->dashboard:launch',
      'source:lake.products->stg_products', 'stg_products->dim_product',
    ].sort());
    await app.screenshot('lineage-03-hover-lineage-1280');
    await page.mouse.move(area.x + 5, area.y + 5);
    await expect.poll(() => lineage.rolesByNode()).toEqual({ none: all });

    // Search: matches are marked while typing, Enter selects and centres the first, its lineage lit.
    await lineage.zoomOut();
    await lineage.search.fill('stg_');
    await expect.poll(() => lineage.graph.locator('[data-search-match="true"]').count()).toBe(3);
    expect(await lineage.searchResults.evaluateAll((items) => items.map((item) => item.getAttribute('data-node')))).toEqual(['stg_customers', 'stg_prescriptions', 'stg_products']);
    await lineage.search.press('ArrowDown');
    await lineage.search.press('ArrowDown');
    await app.screenshot('lineage-04-search-1280');
    await lineage.search.press('Enter');
    await lineage.selection.waitFor();
    expect(await lineage.selection.getAttribute('data-node')).toBe('stg_products');
    const centred = await box(lineage.node('stg_products'));
    expect(Math.abs(centred.x + centred.width / 2 - (area.x + area.width / 2))).toBeLessThan(3);
    expect(Math.abs(centred.y + centred.height / 2 - (area.y + area.height / 2))).toBeLessThan(3);
    expect((await lineage.transform()).k).toBe(1);
    const selected = await lineage.rolesByNode();
    expect(selected.upstream).toEqual(['source:lake.products']);
    expect(selected.downstream).toEqual(['active_prescribers_history', 'customers_per_month', 'dashboard:launch', 'dim_product', 'fact_prescriptions', 'qa_prescriptions_flagged']);
    expect(await page.getByTestId('lineage-selection-counts').textContent()).toBe('1 up · 6 down');
    await page.getByTestId('lineage-selection-clear').click();
    await expect.poll(() => lineage.rolesByNode()).toEqual({ none: all });

    // A name no node has says so.
    await lineage.search.fill('no_such_model');
    await page.getByTestId('lineage-search-none').waitFor();
    expect(await page.getByTestId('lineage-search-none').textContent()).toContain('no_such_model');
    await lineage.search.fill('');

    // Collapsing sources hides them; what read them says how many.
    const sources = all.filter((id) => id.startsWith('source:'));
    expect(sources).toHaveLength(3);
    await lineage.collapseSources.check();
    await expect.poll(() => lineage.drawnIds()).toEqual(all.filter((id) => !id.startsWith('source:')));
    expect(await lineage.edges.evaluateAll((edges) => edges.filter((edge) => edge.getAttribute('data-testid')!.includes('source:')).length)).toBe(0);
    expect(await page.getByTestId('lineage-sources-read-qa_lake_deliveries').textContent()).toContain('2 sources');
    expect(await page.getByTestId('lineage-sources-read-stg_products').textContent()).toContain('1 source');
    await app.screenshot('lineage-05-sources-collapsed-1280');
    await lineage.collapseSources.uncheck();
    await expect.poll(() => lineage.drawnIds()).toEqual(all);
    expect(app.consoleErrors).toEqual([]);
  });

  it('filters by status after a build with one failure (1024x700)', async () => {
    const { app, lineage, header } = await suite.open({ autoBuild: false, viewport: SMALL_VIEWPORT, prepare: breakQaLakeDeliveries });
    const page = app.page;
    expect(await page.getByTestId('lineage-status-not-built').textContent()).toMatch(/not built\s*15/);
    await header.buildWithButton();
    await lineage.waitForNodeStatus('qa_lake_deliveries', 'failed');
    await lineage.statusChip('failed').waitFor();

    await lineage.statusChip('failed').click();
    expect(await lineage.statusChip('failed').getAttribute('aria-pressed')).toBe('true');
    const kept = await lineage.graph.locator('[data-testid^="lineage-node-"]:not([data-filtered-out])').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(kept).toEqual(['lineage-node-qa_lake_deliveries']);
    await app.screenshot('lineage-06-status-failed-1024');

    // Two statuses at once: the failed node and the built ones; a dashboard has no build status and fades.
    await lineage.statusChip('built').click();
    const faded = await lineage.graph.locator('[data-filtered-out="true"]').evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')));
    expect(faded).toEqual(['lineage-node-dashboard:launch']);
    await page.getByTestId('lineage-status-clear').click();
    expect(await lineage.graph.locator('[data-filtered-out="true"]').count()).toBe(0);

    // The whole graph fits at this size too.
    await lineage.fit();
    const area = await box(lineage.graph);
    for (const id of await lineage.drawnIds()) {
      const node = await box(lineage.node(id));
      expect(node.x + node.width, id).toBeLessThanOrEqual(area.x + area.width + 1);
      expect(node.y + node.height, id).toBeLessThanOrEqual(area.y + area.height + 1);
    }
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await app.screenshot('lineage-07-built-1024');
    expect(app.consoleErrors).toEqual([]);
  });
});
