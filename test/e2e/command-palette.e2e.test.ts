import { describe, expect, it } from 'vitest';
import { PalettePage } from './pages/palette-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

describe('the keyboard: command palette and shortcuts (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`opens, filters and runs commands from the keyboard at ${viewport.width}×${viewport.height}`, async () => {
      const { app, header, node } = await suite.open({ autoBuild: false, viewport });
      const { page } = app;
      const palette = new PalettePage(page);
      const size = `${viewport.width}x${viewport.height}`;

      // Ctrl+K opens an accessible dialog with the focus in its field; Escape gives the focus back.
      await page.getByTestId('nav-git').focus();
      await palette.openWithKeyboard();
      expect(await palette.accessibility()).toEqual({ role: 'dialog', modal: 'true', name: 'Command palette', activeIsSelected: true, focused: true });
      const everything = await palette.optionCommands();
      expect(everything).toEqual(expect.arrayContaining(['build', 'run-tests', 'review-run', 'release-check', 'publish', 'screen-dashboards', 'node-customers_per_month']));
      await app.screenshot(`70-palette-open-${size}`);
      // A name that matches nothing is offered as a new branch; words that cannot be one match nothing.
      await palette.filter('zzqx');
      expect(await palette.optionTitles()).toEqual(['Create branch zzqx']);
      await palette.filter('zzq xq');
      await palette.empty.waitFor();
      expect(await palette.options.count()).toBe(0);
      await page.keyboard.press('Escape');
      await palette.dialog.waitFor({ state: 'detached' });
      expect(await palette.focusedTestId()).toBe('nav-git');

      // Fuzzy filtering: the initials find the model; the arrows move the selection; Enter opens it.
      await palette.openWithKeyboard();
      await palette.filter('cpm');
      expect((await palette.optionTitles())[0]).toBe('customers_per_month');
      expect(await palette.selectedTitle()).toBe('customers_per_month');
      await app.screenshot(`71-palette-filtered-${size}`);
      await palette.filter('cust');
      const matches = await palette.optionTitles();
      expect(matches[0]).toBe('customers_per_month');
      expect(matches).toEqual(expect.arrayContaining(['dim_customer', 'lake.customers', 'stg_customers']));
      expect(matches).not.toContain('fact_prescriptions');
      await page.keyboard.press('ArrowDown');
      expect(await palette.selectedTitle()).toBe(matches[1]);
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await palette.selectedTitle()).toBe(matches[matches.length - 1]);
      await page.keyboard.press('ArrowDown');
      expect(await palette.selectedTitle()).toBe('customers_per_month');
      expect((await palette.accessibility()).activeIsSelected).toBe(true);
      await page.keyboard.press('Enter');
      await page.locator('[data-testid="node-view"][data-node="customers_per_month"]').waitFor();
      await palette.dialog.waitFor({ state: 'detached' });

      // Typing in the SQL editor: `?` and G-sequences are text there, not shortcuts.
      await node.editor.click();
      await page.keyboard.press('End');
      await page.keyboard.type('g?');
      await node.unsaved.waitFor();
      expect(await node.sql()).toContain('g?');
      expect(await palette.shortcuts.count()).toBe(0);
      expect(await page.getByTestId('node-view').count()).toBe(1);
      await page.keyboard.press('Control+z');
      await node.unsaved.waitFor({ state: 'detached' });

      // ...but Ctrl+K works from the editor, runs a build, and gives the focus back to the editor.
      await palette.openWithKeyboard();
      await palette.filter('build');
      expect(await palette.selectedTitle()).toBe('Build this branch');
      expect(await palette.selectedOption.getByTestId('palette-option-shortcut').textContent()).toBe('Ctrl+B');
      const builds = await header.finishedBuilds();
      await page.keyboard.press('Enter');
      expect(await palette.focusedTestId()).toBe('sql-editor');
      expect(await header.waitForBuildAfter(builds)).toBe('ok');

      // A screen by name.
      await palette.openWithKeyboard();
      await palette.filter('go dash');
      expect(await palette.selectedTitle()).toBe('Go to Dashboards');
      await page.keyboard.press('Enter');
      await page.getByTestId('dashboards-screen').waitFor();
      await page.getByTestId('dashboard-grid').waitFor();
      await app.screenshot(`72-palette-opened-dashboards-${size}`);

      // `?` lists the shortcuts, in an accessible dialog; Escape closes it and the focus comes back.
      await page.getByTestId('nav-tests').focus();
      await page.keyboard.press('?');
      await palette.shortcuts.waitFor();
      expect(await palette.shortcuts.getAttribute('role')).toBe('dialog');
      expect(await palette.shortcuts.getAttribute('aria-modal')).toBe('true');
      expect(await palette.shortcutsName()).toBe('Keyboard shortcuts');
      const listed = (await palette.shortcutEntries.allTextContents()).join('\n');
      for (const key of ['Ctrl+K', 'Ctrl+B', 'Ctrl+S', 'G then T']) expect(listed).toContain(key);
      await app.screenshot(`73-shortcuts-list-${size}`);
      await page.keyboard.press('Escape');
      await palette.shortcuts.waitFor({ state: 'detached' });
      expect(await palette.focusedTestId()).toBe('nav-tests');

      // G, then T: the tests screen. The tooltips name the keys.
      await page.keyboard.press('g');
      await page.keyboard.press('t');
      await page.getByTestId('tests-screen').waitFor();
      expect(await page.getByTestId('nav-tests').getAttribute('title')).toBe('Tests (G then T)');
      expect(await header.buildButton.getAttribute('title')).toContain('Ctrl+B');
      expect(await page.getByTestId('open-palette').getAttribute('title')).toContain('Ctrl+K');

      expect(app.consoleErrors).toEqual([]);
    });
  }
});
