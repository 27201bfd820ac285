import type { Locator, Page } from 'playwright-core';

/** The review screen: two branches diffed, impacted models, one model's diff, and query diffs. */
export class ReviewPage {
  readonly root: Locator;
  readonly base: Locator;
  readonly compare: Locator;
  readonly run: Locator;
  readonly sides: Locator;
  readonly impacted: Locator;
  readonly modelDiff: Locator;
  readonly showOnLineage: Locator;
  readonly queryTab: Locator;
  readonly queryEditor: Locator;
  readonly queryKey: Locator;
  readonly queryRun: Locator;
  readonly queryDiff: Locator;
  readonly sqlDiff: Locator;
  readonly checklist: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('review-screen');
    this.base = page.getByTestId('review-base');
    this.compare = page.getByTestId('review-compare');
    this.run = page.getByTestId('review-run');
    this.sides = page.getByTestId('review-sides');
    this.impacted = page.getByTestId('impacted-model');
    this.modelDiff = page.getByTestId('model-diff');
    this.showOnLineage = page.getByTestId('review-show-lineage');
    this.queryTab = page.getByTestId('review-tab-query');
    this.queryEditor = page.locator('[data-testid="query-diff-editor"] .cm-content');
    this.queryKey = page.getByTestId('query-diff-key');
    this.queryRun = page.getByTestId('query-diff-run');
    this.queryDiff = page.getByTestId('query-diff');
    this.sqlDiff = page.getByTestId('sql-diff');
    this.checklist = page.getByTestId('review-checklist');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-review').click();
    await this.root.waitFor();
  }

  async compareBranches(base: string, compare: string): Promise<void> {
    await this.page.locator(`[data-testid="review-compare"] option[value="${compare}"]`).waitFor({ state: 'attached' });
    await this.base.selectOption(base);
    await this.compare.selectOption(compare);
    await this.run.click();
    await this.sides.waitFor({ timeout: 60_000 });
  }

  impactedModel(name: string): Locator {
    return this.page.locator(`[data-testid="impacted-model"][data-model="${name}"]`);
  }

  async openModel(name: string): Promise<void> {
    await this.impactedModel(name).click();
    await this.page.locator(`[data-testid="model-diff"][data-model="${name}"]`).waitFor();
  }

  /** The SQL diff of the open model, once its lines or its caption have arrived. */
  async sqlDiffOf(name: string): Promise<Locator> {
    const panel = this.page.locator(`[data-testid="model-diff"][data-model="${name}"] [data-testid="sql-diff"]:not([data-status=""])`);
    await panel.waitFor({ timeout: 60_000 });
    return panel;
  }

  /** The marked lines of a SQL diff: added and removed, as the reviewer reads them. */
  async sqlLines(panel: Locator, kind: 'added' | 'removed'): Promise<string[]> {
    return panel.locator(`[data-testid="file-diff"] [data-kind="${kind}"]`).allTextContents();
  }

  checklistItem(item: string): Locator {
    return this.page.locator(`[data-testid="checklist-item"][data-item="${item}"]`);
  }

  rowCount(kind: 'base' | 'compare' | 'added' | 'removed' | 'changed' | 'unchanged', scope: Locator = this.page.locator('body')): Locator {
    return scope.getByTestId(`rows-${kind}`);
  }

  /** Types SQL into the query-diff editor the way a paste would, so that auto-closing brackets stay out of it. */
  async diffQuery(sql: string, key: string): Promise<void> {
    await this.queryTab.click();
    await this.queryEditor.click();
    await this.page.keyboard.press('Control+a');
    await this.page.keyboard.insertText(sql);
    await this.page.keyboard.press('Escape');
    await this.queryKey.fill(key);
    await this.queryRun.click();
    await this.queryDiff.getByTestId('model-diff').waitFor({ timeout: 60_000 });
  }
}
