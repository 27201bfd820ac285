import type { Locator, Page } from 'playwright-core';

/** The bar at the top: project name, branch bar, build controls. */
export class HeaderPage {
  readonly projectName: Locator;
  readonly branchSelect: Locator;
  readonly dirtyIndicator: Locator;
  readonly cleanIndicator: Locator;
  readonly newBranchButton: Locator;
  readonly newBranchName: Locator;
  readonly createBranchSubmit: Locator;
  readonly switchRefusedDialog: Locator;
  readonly refusedFiles: Locator;
  readonly stashAndSwitch: Locator;
  readonly buildButton: Locator;
  readonly cancelBuild: Locator;
  readonly buildOutcome: Locator;

  constructor(private readonly page: Page) {
    this.projectName = page.getByTestId('project-name');
    this.branchSelect = page.getByTestId('branch-select');
    this.dirtyIndicator = page.getByTestId('dirty-indicator');
    this.cleanIndicator = page.getByTestId('clean-indicator');
    this.newBranchButton = page.getByTestId('new-branch-button');
    this.newBranchName = page.getByTestId('new-branch-name');
    this.createBranchSubmit = page.getByTestId('create-branch-submit');
    this.switchRefusedDialog = page.getByTestId('switch-refused-dialog');
    this.refusedFiles = page.getByTestId('refused-files').locator('li');
    this.stashAndSwitch = page.getByTestId('stash-and-switch');
    this.buildButton = page.getByTestId('build-button');
    this.cancelBuild = page.getByTestId('cancel-build');
    this.buildOutcome = page.getByTestId('build-outcome');
  }

  async currentBranch(): Promise<string> {
    return this.branchSelect.inputValue();
  }

  async waitForBranch(branch: string): Promise<void> {
    await this.page.locator(`[data-testid="branch-select"][data-current="${branch}"]`).waitFor();
  }

  async createBranch(name: string): Promise<void> {
    await this.newBranchButton.click();
    await this.newBranchName.fill(name);
    await this.createBranchSubmit.click();
    await this.waitForBranch(name);
  }

  async switchTo(branch: string): Promise<void> {
    await this.branchSelect.selectOption(branch);
  }

  /** Starts a build with the keyboard shortcut and waits until it has finished with `status`. */
  async buildWithShortcut(status: 'ok' | 'failed' | 'up-to-date'): Promise<void> {
    await this.page.keyboard.press('Control+b');
    await this.waitForBuild(status);
  }

  async buildWithButton(status: 'ok' | 'failed' | 'up-to-date'): Promise<void> {
    await this.buildButton.click();
    await this.waitForBuild(status);
  }

  /** The outcome is shown only once no build is running, so this also waits out automatic rebuilds. */
  async waitForBuild(status: string): Promise<void> {
    await this.page.locator(`[data-testid="build-outcome"][data-status="${status}"]`).waitFor();
  }
}
