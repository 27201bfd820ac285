import type { Locator, Page } from 'playwright-core';

/** The report & release screen: the latest report, signing it off, and the release checklist. */
export class ReportPage {
  readonly root: Locator;
  readonly summary: Locator;
  readonly commit: Locator;
  readonly runTests: Locator;
  readonly stale: Locator;
  readonly signoffMessage: Locator;
  readonly signoffSubmit: Locator;
  readonly signoffError: Locator;
  readonly signoffs: Locator;
  readonly releaseCheck: Locator;
  readonly verdict: Locator;
  readonly reasons: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('report-screen');
    this.summary = page.getByTestId('report-summary');
    this.commit = page.getByTestId('report-commit');
    this.runTests = page.getByTestId('report-run-tests');
    this.stale = page.getByTestId('signoff-stale');
    this.signoffMessage = page.getByTestId('signoff-message');
    this.signoffSubmit = page.getByTestId('signoff-submit');
    this.signoffError = page.getByTestId('signoff-error');
    this.signoffs = page.getByTestId('signoff-entry');
    this.releaseCheck = page.getByTestId('release-check');
    this.verdict = page.getByTestId('release-verdict');
    this.reasons = page.getByTestId('release-reason');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-report').click();
    await this.root.waitFor();
  }

  /** Runs the tests from the report card and waits until the report names `commit`. */
  async runTestsUntilCommit(commit: string): Promise<void> {
    await this.runTests.click();
    await this.page.locator(`[data-testid="report-commit"][data-commit="${commit}"]`).waitFor({ timeout: 60_000 });
  }

  async signOff(message: string): Promise<void> {
    const before = await this.signoffs.count();
    await this.signoffMessage.fill(message);
    await this.signoffSubmit.click();
    await this.signoffs.nth(before).waitFor();
  }

  /** Runs the release gate and returns its verdict once shown. */
  async check(): Promise<boolean> {
    const before = await this.page.getByTestId('release-checklist').getAttribute('data-finished-checks');
    await this.releaseCheck.click();
    await this.page.locator(`[data-testid="release-checklist"]:not([data-finished-checks="${before}"])`).waitFor({ timeout: 60_000 });
    await this.verdict.waitFor();
    return (await this.verdict.getAttribute('data-go')) === 'true';
  }

  reason(check: 'clean-tree' | 'tests' | 'signoff'): Locator {
    return this.page.locator(`[data-testid="release-reason"][data-check="${check}"]`);
  }
}
