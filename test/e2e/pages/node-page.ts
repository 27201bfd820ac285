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
  readonly docsTab: Locator;
  readonly nodeDocs: Locator;
  readonly nodeDescription: Locator;
  readonly filterError: Locator;
  readonly clearFilters: Locator;
  readonly consoleTab: Locator;
  readonly dataTab: Locator;
  readonly console: Locator;
  readonly consoleEditor: Locator;
  readonly consoleRun: Locator;
  readonly consoleError: Locator;
  readonly consoleRowCount: Locator;

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
    this.docsTab = page.getByTestId('tab-docs');
    this.nodeDocs = page.getByTestId('node-docs');
    this.nodeDescription = page.getByTestId('node-description');
    this.filterError = page.getByTestId('preview-filter-error');
    this.clearFilters = page.getByTestId('clear-filters');
    this.consoleTab = page.getByTestId('tab-console');
    this.dataTab = page.getByTestId('tab-data');
    this.console = page.getByTestId('sql-console');
    this.consoleEditor = page.locator('[data-testid="console-editor"] .cm-content');
    this.consoleRun = page.getByTestId('console-run');
    this.consoleError = page.getByTestId('console-error');
    this.consoleRowCount = page.getByTestId('console-row-count');
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

  /** A test chip of the docs (a column's, or the node's): its status is `data-status` (`not-run` before any run). */
  docTest(testId: string): Locator {
    return this.page.locator(`[data-testid="doc-test"][data-test-id="${testId}"]`);
  }

  columnRow(name: string): Locator {
    return this.page.locator(`[data-testid="column-row"][data-column="${name}"]`);
  }

  /** Clicks a column's header: ascending, then descending, then unsorted. */
  async sortBy(column: string, expected: 'ascending' | 'descending' | 'none'): Promise<void> {
    await this.previewColumn(column).click();
    await this.page.locator(`[data-testid="preview-column"][data-column="${column}"][data-sort="${expected}"]`).waitFor();
  }

  filterBox(column: string): Locator {
    return this.page.locator(`[data-testid="preview-filter"][data-column="${column}"]`);
  }

  async filter(column: string, text: string): Promise<void> {
    await this.filterBox(column).fill(text);
    await this.filterBox(column).press('Enter');
  }

  /** The values of one column in the preview rows drawn, top to bottom, once they are loaded. */
  async shownValues(column: string, count: number): Promise<string[]> {
    const cells = this.page.locator(`[data-testid="data-preview"] [data-testid="preview-row"] .cell[data-column="${column}"]`);
    await cells.nth(count - 1).waitFor();
    return (await cells.allTextContents()).slice(0, count);
  }

  async openConsole(): Promise<void> {
    await this.consoleTab.click();
    await this.consoleEditor.waitFor();
  }

  async consoleSql(): Promise<string> {
    return (await this.page.locator('[data-testid="console-editor"] .cm-line').allTextContents()).join('\n');
  }

  /** Replaces the console's SQL as a paste would, and runs it with Ctrl+Enter. */
  async runInConsole(sql: string): Promise<void> {
    await this.consoleEditor.click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.insertText(sql);
    await this.page.keyboard.press('Control+Enter');
  }

  /** The values of one column of the console's results. */
  async consoleValues(column: string): Promise<string[]> {
    return this.page.locator(`[data-testid="sql-console"] [data-testid="preview-row"] .cell[data-column="${column}"]`).allTextContents();
  }
}
