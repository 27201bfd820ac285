import { describe, expect, it } from 'vitest';
import { generatedProject } from '../bench/compile.bench.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { LineagePage } from './pages/lineage-page.js';
import { ProjectPickerPage } from './pages/project-picker-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

/**
 * The compile benchmark's 1,000 views (model i reads model (i - 1) / 2, filed under models/layer<i % 10>/),
 * named without zero padding (m1, m2, m10, m100) so that text order and natural order differ.
 */
async function bigProject(): Promise<string> {
  const unpadded = (text: string) => text.replace(/\bm0*(\d+)\b/g, 'm$1');
  const files = Object.fromEntries(Object.entries(generatedProject()).map(([file, content]) => [unpadded(file), unpadded(content)]));
  const dir = await writeTempProject(files);
  await initCommittedRepo(dir);
  return dir;
}

describe('lineage of a 1,000-model project (issue 19)', () => {
  const suite = useExampleSuite();

  it('opens on a focused neighbourhood with an overview, and groups, sorts and filters the sidebar', async () => {
    const projectDir = await bigProject();
    const { app } = await suite.start({ autoBuild: false });
    const page = app.page;
    const lineage = new LineagePage(page);
    await new ProjectPickerPage(page).open(projectDir);
    await lineage.root.waitFor({ timeout: 120_000 });
    await lineage.focus.waitFor();

    // No selection: the most connected node first in natural order (m1: read by m3 and m4, reads m0), two levels up and down.
    expect(await lineage.focus.getAttribute('data-focus')).toBe('m1');
    expect(await lineage.drawnIds()).toEqual(['m0', 'm1', 'm10', 'm3', 'm4', 'm7', 'm8', 'm9']);
    expect(await page.getByTestId('lineage-focus-summary').textContent()).toBe('showing 8 of 1,000');
    expect(await lineage.overviewMap.getAttribute('data-drawn')).toBe('8');
    await app.screenshot('lineage-10-big-focus-1280');

    // One level more: the grandchildren's children come in.
    await page.getByTestId('lineage-depth-more').click();
    await expect.poll(() => lineage.nodes.count()).toBe(16);
    expect(await lineage.drawnIds()).toContain('m22');

    // Hovering within the neighbourhood lights its lineage.
    await lineage.node('m4').hover();
    const roles = await lineage.rolesByNode();
    expect(roles.upstream).toEqual(['m0', 'm1']);
    expect(roles.downstream).toEqual(['m10', 'm19', 'm20', 'm21', 'm22', 'm9']);

    // The zoom changes the drawing's transform, fit brings all of the neighbourhood back.
    const fitted = await lineage.transform();
    await lineage.zoomIn();
    expect((await lineage.transform()).k).toBeGreaterThan(fitted.k);
    await lineage.fit();
    expect(await lineage.transform()).toEqual(fitted);

    // The overview navigates: a click far from the focus re-centres the drawing on the node there.
    const map = (await lineage.overviewMap.boundingBox())!;
    await page.mouse.click(map.x + map.width * 0.92, map.y + map.height * 0.85);
    await expect.poll(() => lineage.focus.getAttribute('data-focus')).not.toBe('m1');
    const picked = (await lineage.focus.getAttribute('data-focus'))!;
    await expect.poll(() => lineage.drawnIds()).toContain(picked);
    expect(await lineage.nodes.count()).toBeLessThan(40);
    expect(await lineage.selection.getAttribute('data-node')).toBe(picked);
    await app.screenshot('lineage-11-big-overview-click-1280');

    // Search jumps anywhere in the graph: the focus moves there.
    await lineage.jumpTo('m500');
    await expect.poll(() => lineage.focus.getAttribute('data-focus')).toBe('m500');
    const around500 = await lineage.drawnIds();
    expect(around500).toEqual(expect.arrayContaining(['m500', 'm249', 'm124', 'm61']));
    expect(around500.length).toBeLessThan(20);

    // The sidebar: kinds, then folders in natural order, folded on a project this size.
    const folders = await page.getByTestId('sidebar-section-model').locator('[data-folder]').evaluateAll((groups) => groups.map((group) => group.getAttribute('data-folder')));
    expect(folders).toEqual(['', 'layer0', 'layer1', 'layer2', 'layer3', 'layer4', 'layer5', 'layer6', 'layer7', 'layer8', 'layer9']);
    expect(await lineage.sidebarFolderToggle('model/layer1').getAttribute('aria-expanded')).toBe('false');
    expect(await lineage.sidebarNames(lineage.sidebarGroup('model/layer1'))).toEqual([]);
    await lineage.sidebarFolderToggle('model/layer1').click();
    const layer1 = await lineage.sidebarNames(lineage.sidebarGroup('model/layer1'));
    expect(layer1).toEqual(Array.from({ length: 100 }, (_, i) => `m${i * 10 + 1}`));
    await app.screenshot('lineage-12-big-sidebar-folder-1280');
    await lineage.sidebarFolderToggle('model/layer1').click();
    expect(await lineage.sidebarNames(lineage.sidebarGroup('model/layer1'))).toEqual([]);

    // The filter unfolds what matches, in natural order, and says when nothing does.
    await lineage.sidebarFilter.fill('m10');
    await expect.poll(() => lineage.sidebarNames()).toEqual(['m10', 'm100', 'm101', 'm102', 'm103', 'm104', 'm105', 'm106', 'm107', 'm108', 'm109']);
    await lineage.sidebarFilter.fill('layer3 m33');
    await expect.poll(() => lineage.sidebarNames()).toEqual(['m33', 'm333']);
    await lineage.sidebarFilter.fill('m1000');
    await page.getByTestId('sidebar-filter-none').waitFor();
    await lineage.sidebarFilter.fill('m10');

    await page.setViewportSize(SMALL_VIEWPORT);
    await lineage.fit();
    expect(await page.evaluate('document.documentElement.scrollWidth <= document.documentElement.clientWidth')).toBe(true);
    await app.screenshot('lineage-13-big-1024');
    await page.setViewportSize(DESIGN_VIEWPORT);
    expect(app.consoleErrors).toEqual([]);
  });
});
