import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SqlEditorPage } from './pages/sql-editor-page.js';
import { DESIGN_VIEWPORT, SMALL_VIEWPORT } from './support/browser.js';
import { useExampleSuite } from './support/example-suite.js';

const MODEL_FILE = 'models/marts/customers_per_month.sql';
const TYPED = ' -- checked against the 2024-09 delivery';
const PASTED = `,\n    ${'coalesce(sum(net_sales) filter (where is_launch_product), 0) + '.repeat(3)}0 as launch_sales_padded`;

describe('the SQL editor with long lines (issue 19)', () => {
  const suite = useExampleSuite();

  for (const viewport of [DESIGN_VIEWPORT, SMALL_VIEWPORT]) {
    it(`keeps the start of every line readable while typing, pasting and undoing at ${viewport.width}×${viewport.height}`, async () => {
      const { app, lineage, node, projectDir } = await suite.open({ autoBuild: false, viewport });
      const editor = new SqlEditorPage(app.page);
      const size = `${viewport.width}x${viewport.height}`;
      const original = await readFile(path.join(projectDir, MODEL_FILE), 'utf8');
      await lineage.open('customers_per_month');
      expect(await editor.hiddenLineStarts()).toEqual([]);

      // Typing at the end of the longest line (the comment on line 1).
      await editor.goToEndOfLine(1);
      await app.page.keyboard.type(TYPED);
      expect(await editor.hiddenLineStarts()).toEqual([]);
      await app.screenshot(`55-sql-editor-typed-at-line-end-${size}`);

      // Pasting, after the launch_share line, a line longer than the pane.
      await editor.goToEndOfLine(9);
      await editor.paste(PASTED);
      expect(await editor.hiddenLineStarts()).toEqual([]);
      await app.screenshot(`56-sql-editor-pasted-long-line-${size}`);

      // Only the drawing was ever at stake: what is saved is every character, in order.
      await node.saveWithShortcut();
      const saved = await readFile(path.join(projectDir, MODEL_FILE), 'utf8');
      const lines = original.split('\n');
      lines[0] = `${lines[0]}${TYPED}`;
      lines[8] = `${lines[8]}${PASTED}`;
      expect(saved).toBe(lines.join('\n'));

      // Undo takes the paste back, and the lines still start where they should.
      await editor.content.click();
      await app.page.keyboard.press('Control+z');
      await app.page.locator('[data-testid="unsaved-indicator"]').waitFor();
      expect(await node.sql()).not.toContain('launch_sales_padded');
      expect(await editor.hiddenLineStarts()).toEqual([]);
      await app.screenshot(`57-sql-editor-after-undo-${size}`);
      expect(app.consoleErrors).toEqual([]);
    });
  }
});
