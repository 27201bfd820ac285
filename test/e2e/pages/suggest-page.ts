import type { Locator, Page } from 'playwright-core';

/** "Suggested tests" in a model's Docs tab: profile, tick, add. */
export class SuggestPage {
  readonly panel: Locator;
  readonly suggestButton: Locator;
  readonly acceptButton: Locator;
  readonly summary: Locator;
  readonly accepted: Locator;
  readonly error: Locator;

  constructor(private readonly page: Page) {
    this.panel = page.getByTestId('suggested-tests');
    this.suggestButton = page.getByTestId('suggest-tests');
    this.acceptButton = page.getByTestId('accept-suggestions');
    this.summary = page.getByTestId('suggest-summary');
    this.accepted = page.getByTestId('suggest-accepted');
    this.error = page.getByTestId('suggest-error');
  }

  suggestion(id: string): Locator {
    return this.page.locator(`[data-testid="suggestion"][data-id="${id}"]`);
  }

  /** The ids of the suggestions shown, top to bottom. */
  async ids(): Promise<string[]> {
    return this.page.getByTestId('suggestion').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-id') ?? ''));
  }

  async suggest(): Promise<void> {
    await this.suggestButton.click();
    await this.summary.waitFor();
  }

  async tick(id: string): Promise<void> {
    await this.suggestion(id).getByTestId('suggestion-check').check();
  }
}
