import type { Locator, Page } from 'playwright-core';

export class LineagePage {
  readonly root: Locator;
  readonly graph: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly projectErrors: Locator;
  readonly nodeErrors: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('lineage-view');
    this.graph = page.getByTestId('lineage-graph');
    this.nodes = this.graph.locator('[data-testid^="lineage-node-"]');
    this.edges = this.graph.locator('[data-testid^="lineage-edge-"]');
    this.projectErrors = page.getByTestId('project-error');
    this.nodeErrors = page.getByTestId('graph-node-error');
  }

  node(id: string): Locator {
    return this.page.getByTestId(`lineage-node-${id}`);
  }

  async show(): Promise<void> {
    await this.page.getByTestId('nav-lineage').click();
    await this.root.waitFor();
  }

  async waitForNodeStatus(id: string, status: string): Promise<void> {
    await this.page.locator(`[data-testid="lineage-node-${id}"][data-status="${status}"]`).waitFor();
  }

  async nodeStatus(id: string): Promise<string | null> {
    return this.node(id).getAttribute('data-status');
  }

  async open(id: string): Promise<void> {
    await this.node(id).click();
    await this.page.locator(`[data-testid="node-view"][data-node="${id}"]`).waitFor();
  }
}
