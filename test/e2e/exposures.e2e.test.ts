import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useExampleSuite } from './support/example-suite.js';

/** A dbt exposure declared in the example: a lineage node after what it reads, with its details (issue 13). */
async function declareExposure(projectDir: string): Promise<void> {
  await writeFile(path.join(projectDir, 'models/marts/exposures.yml'), [
    'exposures:',
    '  - name: launch_tracker',
    '    label: Launch tracker',
    '    type: dashboard',
    '    url: https://bi.example.com/launch',
    '    owner: {name: Market Access, email: access@example.com}',
    "    depends_on: [\"ref('customers_per_month')\", \"ref('dim_product')\"]",
  ].join('\n'));
}

describe('exposures', () => {
  const suite = useExampleSuite();

  it('are drawn after the models they read, never built, and open on their owner, link and inputs', async () => {
    const { app, lineage } = await suite.open({ autoBuild: false, prepare: declareExposure });
    const node = lineage.node('exposure:launch_tracker');
    await node.waitFor();
    expect(await node.getAttribute('data-kind')).toBe('exposure');
    expect(await lineage.graph.locator('[data-testid^="lineage-edge-"][data-testid$="exposure:launch_tracker"]').count()).toBe(2);
    expect(await node.locator('.status').count()).toBe(0);
    await app.screenshot('exposure-lineage');

    await lineage.open('exposure:launch_tracker');
    const details = app.page.getByTestId('exposure-details');
    expect(await details.textContent()).toMatch(/Typedashboard.*OwnerMarket Access · access@example\.com/s);
    expect(await app.page.getByTestId('exposure-url').getAttribute('href')).toBe('https://bi.example.com/launch');
    expect(await app.page.getByTestId('node-status').count()).toBe(0);
    await app.screenshot('exposure-details');

    await app.page.getByTestId('exposure-reads-dim_product').click();
    await app.page.locator('[data-testid="node-view"][data-node="dim_product"]').waitFor();
    expect(app.consoleErrors).toEqual([]);
  });
});
