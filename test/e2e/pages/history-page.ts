import type { Locator, Page } from 'playwright-core';

/** The History screen: a branch's builds and test runs, and the one opened. */
export class HistoryPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly empty: Locator;
  readonly detail: Locator;
  readonly detailTitle: Locator;
  readonly detailCommit: Locator;
  readonly detailCounts: Locator;
  readonly detailError: Locator;
  readonly detailTests: Locator;
  readonly detailNodes: Locator;
  readonly catalogRows: Locator;
  readonly catalogRestore: Locator;
  readonly restoreDialog: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('history-screen');
    this.rows = page.getByTestId('run-row');
    this.empty = page.getByTestId('history-empty');
    this.detail = page.getByTestId('run-detail');
    this.detailTitle = page.getByTestId('run-detail-title');
    this.detailCommit = page.getByTestId('run-detail-commit');
    this.detailCounts = page.getByTestId('run-detail-counts');
    this.detailError = page.getByTestId('run-detail-error');
    this.detailTests = page.getByTestId('run-test');
    this.detailNodes = page.getByTestId('run-node');
    this.catalogRows = page.getByTestId('catalog-row');
    this.catalogRestore = page.getByTestId('catalog-restore');
    this.restoreDialog = page.getByTestId('restore-dialog');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-history').click();
    await this.root.waitFor();
  }

  /** Each listed run as the list shows it, newest first. */
  async listed(): Promise<{ kind: string; title: string; commit: string; result: string; counts: string }[]> {
    return this.rows.evaluateAll((rows) =>
      rows.map((row) => {
        const text = (id: string) => row.querySelector(`[data-testid="${id}"]`)?.textContent?.trim() ?? '';
        return { kind: row.getAttribute('data-kind') ?? '', title: text('run-title'), commit: text('run-commit'), result: text('run-result'), counts: text('run-counts') };
      }),
    );
  }

  async open(index: number): Promise<string> {
    const row = this.rows.nth(index);
    const id = (await row.getAttribute('data-run')) ?? '';
    await row.click();
    await this.detailTitle.waitFor();
    return id;
  }

  /** The environment's kept catalogs (issue 17). */
  async showCatalogs(): Promise<void> {
    await this.page.getByTestId('history-tab-catalogs').click();
    await this.page.getByTestId('catalog-pane').waitFor();
  }

  /** Which listed catalog is current, newest first. */
  async catalogCurrent(): Promise<boolean[]> {
    return this.catalogRows.evaluateAll((rows) => rows.map((row) => row.querySelector('[data-testid="catalog-current"]') !== null));
  }
}
