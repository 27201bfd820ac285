import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { changedValues, keysAndMeasures } from '../../electron/core/dashboards/changed-values.js';
import { compareDashboards } from '../../electron/core/dashboards/compare-dashboards.js';
import { environmentOf } from '../../electron/core/dashboards/preview-dashboard.js';
import { checkoutNewBranch, commitAll } from '../helpers/git-repo.js';
import { builtDashboardProject, dashboardOf, oneElement } from './dashboard-project.js';

const byRegion = oneElement(
  'select month, region, amount from {{ ref(\'sales_by_month\') }} order by month, region',
  'mark: bar\n      encoding:\n        x: {field: month, type: ordinal}\n        y: {field: amount, type: quantitative}\n        color: {field: region, type: nominal}',
);

describe('comparing a dashboard on two environments', () => {
  it('lists the values that changed, matched on the non-measure fields', async () => {
    const root = await builtDashboardProject({ sales: byRegion });
    await checkoutNewBranch(root, 'feature/no-south-march');
    await writeFile(path.join(root, 'models/sales_by_month.sql'),
      "select month, region, sum(amount * case when region = 'north' and month = '2024-02-01' then 2 else 1 end) as amount\nfrom {{ ref('sales') }} where not (region = 'south' and month = '2024-03-01') group by all\n");
    await commitAll(root, 'double north in February, drop south in March');
    expect((await buildBranch({ projectRoot: root })).target.status).toBe('ok');

    const result = await compareDashboards({
      projectRoot: root, dashboard: await dashboardOf(root, 'sales'), baseEnv: await environmentOf(root, 'main'), compareEnv: await environmentOf(root),
    });
    expect([result.base.env, result.compare.env]).toEqual(['main', 'feature~no-south-march']);
    const [element] = result.elements;
    expect(element?.keys).toEqual(['month', 'region']);
    expect(element?.measures).toEqual(['amount']);
    expect(element?.base.rows).toHaveLength(6);
    expect(element?.compare.rows).toHaveLength(5);
    expect(element?.changes).toEqual([
      { key: { month: '2024-02-01', region: 'north' }, measure: 'amount', base: 110, compare: 220, delta: 110, kind: 'changed' },
      { key: { month: '2024-03-01', region: 'south' }, measure: 'amount', base: 52, compare: null, delta: null, kind: 'removed' },
    ]);
  });
});

describe('changed values', () => {
  it('treats numeric columns the chart uses as categories as keys', () => {
    const spec = { mark: 'bar', encoding: { x: { field: 'year', type: 'ordinal' }, y: { field: 'n', type: 'quantitative' } } };
    expect(keysAndMeasures([{ name: 'year', type: 'INTEGER' }, { name: 'n', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }], spec))
      .toEqual({ keys: ['year', 'label'], measures: ['n'] });
  });

  it('reports added rows, ignores float noise and caps the list', () => {
    const base = [{ k: 'a', v: 1 }, { k: 'b', v: 0.1 + 0.2 }];
    const compare = [{ k: 'a', v: 1 }, { k: 'b', v: 0.3 }, { k: 'c', v: 5 }, { k: 'd', v: 6 }];
    const { changes, more } = changedValues(base, compare, ['k'], ['v'], 1);
    expect(changes).toEqual([{ key: { k: 'c' }, measure: 'v', base: null, compare: 5, delta: null, kind: 'added' }]);
    expect(more).toBe(1);
  });
});
