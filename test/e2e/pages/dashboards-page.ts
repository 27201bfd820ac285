import type { Locator, Page } from 'playwright-core';

/** The dashboards screen of the app, and the page of a published dashboard. */
export class DashboardsPage {
  readonly root: Locator;
  readonly grid: Locator;
  readonly compare: Locator;
  readonly publishButton: Locator;
  readonly checkGateButton: Locator;
  readonly publishReasons: Locator;
  readonly loading: Locator;
  readonly published: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('dashboards-screen');
    this.grid = page.getByTestId('dashboard-grid');
    this.compare = page.getByTestId('dashboard-compare');
    this.publishButton = page.getByTestId('publish');
    this.checkGateButton = page.getByTestId('check-gate');
    this.publishReasons = page.getByTestId('publish-reason');
    this.loading = page.getByTestId('dashboard-loading');
    this.published = page.getByTestId('published');
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-dashboards').click();
    await this.root.waitFor();
  }

  tile(name: string, side?: 'base' | 'compare'): Locator {
    return this.page.getByTestId(`tile-${side ? `${side}-` : ''}${name}`);
  }

  /** A chart that vega-embed has finished drawing, as SVG. */
  drawnChart(name: string, side?: 'base' | 'compare'): Locator {
    return this.tile(name, side).locator(`[data-testid="chart-${name}"][data-drawn="true"] svg.marks`);
  }

  async tileRows(name: string): Promise<string> {
    return (await this.tile(name).getByTestId('tile-rows').textContent()) ?? '';
  }

  /** Waits until a tile says it holds `rows` rows (after a re-query). */
  async waitForRows(name: string, rows: number): Promise<void> {
    await this.tile(name).getByTestId('tile-rows').filter({ hasText: new RegExp(`^${rows} rows`) }).waitFor();
  }

  /** Clicks a tile's export button and returns the downloaded file's name and bytes. */
  async exportChart(name: string, format: 'svg' | 'png'): Promise<{ file: string; bytes: Buffer }> {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.tile(name).getByTestId(`export-${format}`).click()]);
    const stream = await download.createReadStream();
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return { file: download.suggestedFilename(), bytes: Buffer.concat(chunks) };
  }

  parameter(name: string): Locator {
    return this.page.getByTestId(`param-${name}`);
  }

  async setNumber(name: string, value: number): Promise<void> {
    await this.parameter(name).getByTestId('param-input').fill(String(value));
    await this.parameter(name).getByTestId('param-input').press('Enter');
    await this.parameter(name).getByTestId('param-input').blur();
  }

  async select(name: string, option: string): Promise<void> {
    await this.parameter(name).getByTestId('param-input').selectOption(option);
  }

  async showPreview(): Promise<void> {
    await this.page.getByTestId('mode-preview').click();
    await this.grid.waitFor();
  }

  async showCompare(): Promise<void> {
    await this.page.getByTestId('mode-compare').click();
    await this.compare.waitFor();
  }

  changedValues(element: string): Locator {
    return this.page.getByTestId(`changes-${element}`).getByTestId('changed-value');
  }
}
