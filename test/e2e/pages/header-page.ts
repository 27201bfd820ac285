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

  /** How many builds the UI has seen finish; `waitForBuildAfter` waits for the next one. */
  async finishedBuilds(): Promise<number> {
    return Number(await this.page.getByTestId('build-controls').getAttribute('data-finished-builds'));
  }

  /** Waits until more than `count` builds have finished and returns the last one's status. */
  async waitForBuildAfter(count: number): Promise<string> {
    await this.page.locator(`[data-testid="build-controls"]:not([data-finished-builds="${count}"])`).waitFor();
    await this.buildOutcome.waitFor();
    return (await this.buildOutcome.getAttribute('data-status')) ?? '';
  }

  /** Starts a build with the keyboard shortcut and returns its outcome once it has finished. */
  async buildWithShortcut(): Promise<string> {
    const before = await this.finishedBuilds();
    await this.page.keyboard.press('Control+b');
    return this.waitForBuildAfter(before);
  }

  async buildWithButton(): Promise<string> {
    const before = await this.finishedBuilds();
    await this.buildButton.click();
    return this.waitForBuildAfter(before);
  }
}
