import type { Locator, Page } from 'playwright-core';

/** The git screen: branches with ahead/behind, the commit dialog, and merging into main. */
export class GitPage {
  readonly root: Locator;
  readonly currentBranch: Locator;
  readonly openCommit: Locator;
  readonly clean: Locator;
  readonly lastCommit: Locator;
  readonly commitDialog: Locator;
  readonly commitFiles: Locator;
  readonly fileDiff: Locator;
  readonly commitMessage: Locator;
  readonly commitSubmit: Locator;
  readonly mergeSubmit: Locator;
  readonly mergeResult: Locator;
  readonly mergeConflict: Locator;
  readonly conflictFiles: Locator;
  readonly mergeAbort: Locator;
  readonly mergeError: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('git-screen');
    this.currentBranch = page.getByTestId('git-current-branch');
    this.openCommit = page.getByTestId('open-commit-dialog');
    this.clean = page.getByTestId('git-clean');
    this.lastCommit = page.getByTestId('git-last-commit');
    this.commitDialog = page.getByTestId('commit-dialog');
    this.commitFiles = page.getByTestId('commit-file');
    this.fileDiff = page.getByTestId('file-diff');
    this.commitMessage = page.getByTestId('commit-message');
    this.commitSubmit = page.getByTestId('commit-submit');
    this.mergeSubmit = page.getByTestId('merge-submit');
    this.mergeResult = page.getByTestId('merge-result');
    this.mergeConflict = page.getByTestId('merge-conflict');
    this.conflictFiles = page.getByTestId('conflict-file');
    this.mergeAbort = page.getByTestId('merge-abort');
    this.mergeError = page.getByTestId('merge-error');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-git').click();
    await this.root.waitFor();
  }

  branch(name: string): Locator {
    return this.page.locator(`[data-testid="branch-row"][data-branch="${name}"]`);
  }

  async mergeIntoMain(branch: string): Promise<void> {
    await this.branch(branch).getByTestId('branch-merge').click();
    await this.mergeSubmit.click();
  }
}
