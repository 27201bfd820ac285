import type { Locator, Page } from 'playwright-core';

/** The screen of one node: SQL editor, compiled SQL, columns, data preview. */
export class NodePage {
  readonly root: Locator;
  readonly editor: Locator;
  readonly saveButton: Locator;
  readonly unsaved: Locator;
  readonly buildError: Locator;
  readonly compiledSql: Locator;
  readonly columnsTab: Locator;
  readonly columnRows: Locator;
  readonly previewColumns: Locator;
  readonly previewRows: Locator;
  readonly previewRowCount: Locator;
  readonly previewScroller: Locator;
  readonly previewError: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('node-view');
    this.editor = page.locator('[data-testid="sql-editor"] .cm-content');
    this.saveButton = page.getByTestId('save-model');
    this.unsaved = page.getByTestId('unsaved-indicator');
    this.buildError = page.getByTestId('node-build-error');
    this.compiledSql = page.getByTestId('compiled-sql');
    this.columnsTab = page.getByTestId('tab-columns');
    this.columnRows = page.getByTestId('column-row');
    this.previewColumns = page.getByTestId('preview-column');
    this.previewRows = page.getByTestId('preview-row');
    this.previewRowCount = page.getByTestId('preview-row-count');
    this.previewScroller = page.getByTestId('preview-scroller');
    this.previewError = page.getByTestId('preview-error');
  }

  async sql(): Promise<string> {
    await this.editor.waitFor();
    return (await this.page.locator('[data-testid="sql-editor"] .cm-line').allTextContents()).join('\n');
  }

  /** Replaces the whole SQL the way a paste would, so that auto-closing brackets do not interfere. */
  async replaceSql(sql: string): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.insertText(sql);
    await this.unsaved.waitFor();
  }

  async saveWithShortcut(): Promise<void> {
    await this.page.keyboard.press('Control+s');
    await this.unsaved.waitFor({ state: 'detached' });
  }

  previewColumn(name: string): Locator {
    return this.page.locator(`[data-testid="preview-column"][data-column="${name}"]`);
  }

  async waitForStatus(status: string): Promise<void> {
    await this.page.locator(`[data-testid="node-status"][data-status="${status}"]`).waitFor();
  }

  async waitForPreviewTotal(total: number): Promise<void> {
    await this.page.locator(`[data-testid="preview-row-count"][data-total="${total}"]`).waitFor();
  }
}
