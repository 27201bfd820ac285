import type { Locator, Page } from 'playwright-core';

/** The packages screen: what the project declares and has installed, and running assay deps. */
export class PackagesPage {
  readonly root: Locator;
  readonly install: Locator;
  readonly upgrade: Locator;
  readonly stateProblems: Locator;
  readonly failure: Locator;
  readonly problems: Locator;
  readonly outcome: Locator;
  readonly log: Locator;
  readonly rows: Locator;
  readonly declared: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('packages-screen');
    this.install = page.getByTestId('install-packages');
    this.upgrade = page.getByTestId('upgrade-packages');
    this.stateProblems = page.getByTestId('package-state-problems');
    this.failure = page.getByTestId('deps-failure');
    this.problems = page.getByTestId('package-problem');
    this.outcome = page.getByTestId('deps-outcome');
    this.log = page.getByTestId('deps-log');
    this.rows = page.getByTestId('package-row');
    this.declared = page.getByTestId('declared-package');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-packages').click();
    await this.root.waitFor();
  }

  row(name: string): Locator {
    return this.page.locator(`[data-testid="package-row"][data-package="${name}"]`);
  }
}
