import type { Locator, Page } from 'playwright-core';

/** The History screen's Scheduled refreshes (issue 17): the refreshes `assay refresh` logged. */
export class RefreshPage {
  readonly root: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly published: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('refreshes');
    this.rows = page.getByTestId('refresh-row');
    this.detail = page.getByTestId('refresh-detail');
    this.published = page.getByTestId('refresh-published');
  }

  /** Each listed refresh: its verdict and every step's status, newest first. */
  async listed(): Promise<{ verdict: string; shown: string; steps: Record<string, string> }[]> {
    return this.rows.evaluateAll((rows) =>
      rows.map((row) => ({
        verdict: row.getAttribute('data-verdict') ?? '',
        shown: row.querySelector('[data-testid="refresh-verdict"]')?.textContent?.trim() ?? '',
        steps: Object.fromEntries([...row.querySelectorAll('[data-testid="refresh-step"]')].map((s) => [s.getAttribute('data-step'), s.getAttribute('data-status')])),
      })),
    );
  }

  async open(index: number): Promise<void> {
    await this.rows.nth(index).click();
    await this.detail.waitFor();
  }
}
