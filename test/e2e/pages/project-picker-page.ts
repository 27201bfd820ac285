import type { Locator, Page } from 'playwright-core';

export class ProjectPickerPage {
  readonly root: Locator;
  readonly pathInput: Locator;
  readonly openButton: Locator;
  readonly openError: Locator;
  readonly recentProjects: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('project-picker');
    this.pathInput = page.getByTestId('project-path-input');
    this.openButton = page.getByTestId('open-project-button');
    this.openError = page.getByTestId('open-project-error');
    this.recentProjects = page.getByTestId('recent-project');
  }

  async open(dir: string): Promise<void> {
    await this.pathInput.fill(dir);
    await this.openButton.click();
  }

  recentProject(dir: string): Locator {
    return this.page.locator(`[data-testid="recent-project"][data-dir="${dir}"]`);
  }
}
