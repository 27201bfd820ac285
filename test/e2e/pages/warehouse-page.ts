import type { Locator, Page } from 'playwright-core';

/** The Warehouse screen: the profile's targets, and a PostgreSQL target's environments, builds, tests and diffs (issue 16). */
export class WarehousePage {
  readonly root: Locator;
  readonly targets: Locator;
  readonly connection: Locator;
  readonly noProfile: Locator;
  readonly noTarget: Locator;
  readonly error: Locator;
  readonly environments: Locator;
  readonly environmentsEmpty: Locator;
  readonly environmentsError: Locator;
  readonly buildButton: Locator;
  readonly testButton: Locator;
  readonly diffButton: Locator;
  readonly progress: Locator;
  readonly build: Locator;
  readonly buildCounts: Locator;
  readonly tests: Locator;
  readonly diff: Locator;
  readonly diffRows: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('warehouse-screen');
    this.targets = page.getByTestId('profile-target');
    this.connection = page.getByTestId('warehouse-connection');
    this.noProfile = page.getByTestId('warehouse-no-profile');
    this.noTarget = page.getByTestId('warehouse-no-target');
    this.error = page.getByTestId('warehouse-error');
    this.environments = page.getByTestId('warehouse-environment');
    this.environmentsEmpty = page.getByTestId('warehouse-environments-empty');
    this.environmentsError = page.getByTestId('warehouse-environments-error');
    this.buildButton = page.getByTestId('warehouse-build-button');
    this.testButton = page.getByTestId('warehouse-test-button');
    this.diffButton = page.getByTestId('warehouse-diff-button');
    this.progress = page.getByTestId('warehouse-progress');
    this.build = page.getByTestId('warehouse-build');
    this.buildCounts = page.getByTestId('warehouse-build-counts');
    this.tests = page.getByTestId('warehouse-test');
    this.diff = page.getByTestId('warehouse-diff');
    this.diffRows = page.getByTestId('warehouse-diff-row');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-warehouse').click();
    await this.root.waitFor();
  }

  /** The profile's targets as listed: name, type, and whether it is the default. */
  async listedTargets(): Promise<{ name: string; type: string; isDefault: boolean }[]> {
    return this.targets.evaluateAll((rows) => rows.map((row) => ({
      name: row.getAttribute('data-target') ?? '',
      type: row.getAttribute('data-type') ?? '',
      isDefault: row.querySelector('[data-testid="profile-target-default"]') !== null,
    })));
  }

  environment(env: string): Locator {
    return this.page.locator(`[data-testid="warehouse-environment"][data-env="${env}"]`);
  }

  test(id: string): Locator {
    return this.page.locator(`[data-testid="warehouse-test"][data-test="${id}"]`);
  }

  diffRow(node: string): Locator {
    return this.page.locator(`[data-testid="warehouse-diff-row"][data-node="${node}"]`);
  }

  /** Clicks an action and waits until it has answered (and the environments were read again). */
  async runAction(button: Locator): Promise<void> {
    const before = await this.root.getAttribute('data-finished');
    await button.click();
    await this.page.locator(`[data-testid="warehouse-screen"]:not([data-finished="${before}"])`).waitFor({ timeout: 120_000 });
  }
}
