import { describe, expect, it } from 'vitest';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { builtDashboardProject, dashboardOf, oneElement } from './dashboard-project.js';

const spec = [
  'mark: bar',
  '      encoding:',
  '        x: {field: month, type: ordinal}',
  '        y: {field: amount, type: quantitative}',
  '      usermeta:',
  '        owner: finance',
  '        embedOptions: {actions: true, editorUrl: "https://editor.example.invalid"}',
].join('\n');

describe("a spec's usermeta.embedOptions", () => {
  it('never reaches the app: the loaded spec (and so every preview) drops it, with a warning naming the line', async () => {
    const root = await builtDashboardProject({ sales: oneElement("select month, amount from {{ ref('sales_by_month') }}", spec) });
    const dashboard = await dashboardOf(root, 'sales');
    expect(dashboard.elements[0]?.spec.usermeta).toEqual({ owner: 'finance' });
    expect(dashboard.errors).toEqual([
      { file: 'dashboards/sales.yml', line: 13, severity: 'warning', message: "element 'chart': usermeta.embedOptions is ignored: Assay decides how charts are embedded" },
    ]);
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard });
    expect(JSON.stringify(preview)).not.toContain('embedOptions');
  });
});
