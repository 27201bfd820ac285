import type { Locator, Page } from 'playwright-core';

/** The tests screen: running tests, filtering them, and the details pane of one test. */
export class TestsPage {
  readonly root: Locator;
  readonly empty: Locator;
  readonly runAll: Locator;
  readonly stageToRun: Locator;
  readonly runStage: Locator;
  readonly stageFilter: Locator;
  readonly statusFilter: Locator;
  readonly rows: Locator;
  readonly detail: Locator;
  readonly variationPoints: Locator;
  readonly failingSampleRows: Locator;
  readonly history: Locator;
  /** The dots of the history chart, once Vega has drawn it (one per run with a numeric value). */
  readonly historyPoints: Locator;
  readonly historyChart: Locator;
  readonly variationChart: Locator;
  readonly anomalyChart: Locator;
  readonly anomalyPoints: Locator;
  readonly exportCsv: Locator;
  readonly exportParquet: Locator;
  readonly exportResult: Locator;
  /** Rows whose result comes from an earlier run than the latest (a run of one stage kept them). */
  readonly lastRunMarks: Locator;
  readonly carriedNote: Locator;
  /** The blocks of the list, in order: `failing`, `warnings`, then the stages. */
  readonly sections: Locator;
  /** The sidebar's "N failing", which opens the first failing test. */
  readonly sidebarFailing: Locator;
  readonly tablePane: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('tests-screen');
    this.empty = page.getByTestId('tests-empty');
    this.runAll = page.getByTestId('tests-run-all');
    this.stageToRun = page.getByTestId('tests-run-stage-choice');
    this.runStage = page.getByTestId('tests-run-stage');
    this.stageFilter = page.getByTestId('tests-stage-filter');
    this.statusFilter = page.getByTestId('tests-status-filter');
    this.rows = page.getByTestId('test-row');
    this.detail = page.getByTestId('test-detail');
    this.variationPoints = page.getByTestId('variation-point');
    this.failingSampleRows = page.getByTestId('failing-sample').getByTestId('record-row');
    this.history = page.getByTestId('test-history');
    this.historyChart = page.locator('[data-testid="history-chart"][data-drawn="true"]');
    this.historyPoints = this.historyChart.locator('g.mark-symbol.role-mark path');
    this.variationChart = page.locator('[data-testid="variation-chart"][data-drawn="true"]');
    this.anomalyChart = page.locator('[data-testid="anomaly-chart"][data-drawn="true"]');
    this.anomalyPoints = page.getByTestId('anomaly-point');
    this.exportCsv = page.getByTestId('export-csv');
    this.exportParquet = page.getByTestId('export-parquet');
    this.exportResult = page.getByTestId('export-result');
    this.lastRunMarks = page.locator('[data-testid="test-row"][data-last-run]');
    this.carriedNote = page.getByTestId('tests-carried-note');
    this.sections = page.getByTestId('tests-section');
    this.sidebarFailing = page.getByTestId('nav-tests-note');
    this.tablePane = page.locator('[data-testid="tests-screen"] .table-pane');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-tests').click();
    await this.root.waitFor();
  }

  async finishedRuns(): Promise<number> {
    return Number(await this.root.getAttribute('data-finished-runs'));
  }

  /** Clicks a run button and waits until that run's report is shown. */
  async runWith(button: Locator): Promise<void> {
    const before = await this.finishedRuns();
    await button.click();
    await this.page.locator(`[data-testid="tests-screen"]:not([data-finished-runs="${before}"])`).waitFor({ timeout: 60_000 });
  }

  async runAllTests(): Promise<void> {
    await this.runWith(this.runAll);
  }

  async runOneStage(stage: string): Promise<void> {
    await this.stageToRun.selectOption(stage);
    await this.runWith(this.runStage);
  }

  row(testId: string): Locator {
    return this.page.locator(`[data-testid="test-row"][data-test="${testId}"]`);
  }

  async open(testId: string): Promise<void> {
    await this.row(testId).click();
    await this.page.locator(`[data-testid="test-detail"][data-test="${testId}"]`).waitFor();
  }

  variationPoint(period: string): Locator {
    return this.page.locator(`[data-testid="variation-point"][data-period="${period}"]`);
  }

  summaryCount(status: string): Locator {
    return this.page.locator(`[data-testid="tests-summary-count"][data-status="${status}"]`);
  }

  /** One data attribute of every row shown, in the order shown. */
  async rowValuesInOrder(attribute: 'data-test' | 'data-stage' | 'data-status'): Promise<string[]> {
    return this.rows.evaluateAll((rows, name) => rows.map((row) => row.getAttribute(name) ?? ''), attribute);
  }

  /** Whether a row is drawn inside the scrolled table pane, not above or below it. */
  async rowInView(testId: string): Promise<boolean> {
    const [row, pane] = await Promise.all([this.row(testId).boundingBox(), this.tablePane.boundingBox()]);
    return !!row && !!pane && row.y >= pane.y - 1 && row.y + row.height <= pane.y + pane.height + 1;
  }

  /** The distinct values of one data attribute over the rows shown. */
  async shownRowValues(attribute: 'data-stage' | 'data-status'): Promise<string[]> {
    const values = await this.rows.evaluateAll((rows, name) => rows.map((row) => row.getAttribute(name) ?? ''), attribute);
    return [...new Set(values)].sort();
  }
}
