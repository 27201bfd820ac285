import type { Locator, Page } from 'playwright-core';

export interface ViewTransform {
  x: number;
  y: number;
  k: number;
}

export class LineagePage {
  readonly root: Locator;
  readonly graph: Locator;
  readonly viewport: Locator;
  readonly nodes: Locator;
  readonly edges: Locator;
  readonly projectErrors: Locator;
  readonly nodeErrors: Locator;
  readonly search: Locator;
  readonly searchResults: Locator;
  readonly selection: Locator;
  readonly collapseSources: Locator;
  readonly focus: Locator;
  readonly overviewMap: Locator;
  readonly sidebarFilter: Locator;
  /** Whose states the graph shows: local DuckDB, or a warehouse target of the profile. */
  readonly targetSelect: Locator;
  readonly targetError: Locator;
  readonly targetEnvironment: Locator;
  readonly environment: Locator;

  constructor(private readonly page: Page) {
    this.root = page.getByTestId('lineage-view');
    this.graph = page.getByTestId('lineage-graph');
    this.viewport = page.getByTestId('lineage-viewport');
    this.nodes = this.graph.locator('[data-testid^="lineage-node-"]');
    this.edges = this.graph.locator('[data-testid^="lineage-edge-"]');
    this.projectErrors = page.getByTestId('project-error');
    this.nodeErrors = page.getByTestId('graph-node-error');
    this.search = page.getByTestId('lineage-search');
    this.searchResults = page.getByTestId('lineage-search-result');
    this.selection = page.getByTestId('lineage-selection');
    this.collapseSources = page.getByTestId('lineage-collapse-sources');
    this.focus = page.getByTestId('lineage-focus');
    this.overviewMap = page.getByTestId('lineage-overview-map');
    this.sidebarFilter = page.getByTestId('sidebar-filter');
    this.targetSelect = page.getByTestId('lineage-target-select');
    this.targetError = page.getByTestId('lineage-target-error');
    this.targetEnvironment = page.getByTestId('lineage-target-environment');
    this.environment = page.getByTestId('lineage-environment');
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

  /** The ids of the nodes drawn in the graph right now. */
  async drawnIds(): Promise<string[]> {
    const ids = await this.nodes.evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-testid')!.slice('lineage-node-'.length)));
    return ids.sort();
  }

  /** Drawn nodes grouped by where they stand to the lit node: active, upstream, downstream, unrelated. */
  async rolesByNode(): Promise<Record<string, string[]>> {
    const pairs = await this.nodes.evaluateAll((nodes) => nodes.map((node) => [node.getAttribute('data-lineage-role') ?? 'none', node.getAttribute('data-testid')!.slice('lineage-node-'.length)] as const));
    const roles: Record<string, string[]> = {};
    for (const [role, id] of pairs) (roles[role] ??= []).push(id);
    for (const ids of Object.values(roles)) ids.sort();
    return roles;
  }

  async litEdges(): Promise<string[]> {
    const ids = await this.graph.locator('[data-lit="true"]').evaluateAll((edges) => edges.map((edge) => edge.getAttribute('data-testid')!.slice('lineage-edge-'.length)));
    return ids.sort();
  }

  async transform(): Promise<ViewTransform> {
    const value = (await this.viewport.getAttribute('transform')) ?? '';
    const match = /translate\(([-\d.e]+) ([-\d.e]+)\) scale\(([-\d.e]+)\)/.exec(value);
    if (!match) throw new Error(`the lineage viewport's transform is not a translate and a scale: "${value}"`);
    return { x: Number(match[1]), y: Number(match[2]), k: Number(match[3]) };
  }

  async zoomIn(): Promise<void> {
    await this.page.getByTestId('lineage-zoom-in').click();
  }

  async zoomOut(): Promise<void> {
    await this.page.getByTestId('lineage-zoom-out').click();
  }

  async fit(): Promise<void> {
    await this.page.getByTestId('lineage-fit').click();
  }

  statusChip(status: string): Locator {
    return this.page.getByTestId(`lineage-status-${status}`);
  }

  /** Types into the search box and picks the first result with Enter. */
  async jumpTo(query: string): Promise<void> {
    await this.search.fill(query);
    await this.searchResults.first().waitFor();
    await this.search.press('Enter');
  }

  sidebarGroup(key: string): Locator {
    return this.page.getByTestId(`sidebar-group-${key}`);
  }

  sidebarFolderToggle(key: string): Locator {
    return this.page.getByTestId(`sidebar-folder-toggle-${key}`);
  }

  /** The names listed in the sidebar, top to bottom, as shown. */
  async sidebarNames(within: Locator = this.page.getByTestId('sidebar-nodes')): Promise<string[]> {
    return within.locator('[data-testid^="sidebar-node-"] .name').allTextContents();
  }
}
