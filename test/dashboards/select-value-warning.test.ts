import { describe, expect, it } from 'vitest';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { selectValueWarning } from '../../electron/core/dashboards/select-value-warning.js';
import { builtDashboardProject, dashboardOf } from './dashboard-project.js';

const board = `title: Sales
parameters:
  - {name: region, type: select, default: north, options_query: "select distinct region from {{ ref('sales') }} order by 1"}
  - {name: size, type: select, default: all, options: [all, big]}
elements:
  - name: by_month
    query: select month, amount from {{ ref('sales_by_month') }} where region = $region and ($size = 'all' or amount > 100) order by month
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: amount, type: quantitative}}}
`;

describe('a select parameter given a value that is none of its options (real DuckDB)', () => {
  it('warns, naming the options and the likely one, instead of silently drawing no rows', async () => {
    const root = await builtDashboardProject({ sales: board });
    const dashboard = await dashboardOf(root, 'sales');
    const typo = await previewDashboard({ projectRoot: root, env: 'main', dashboard, params: { region: 'North', size: 'huge' } });
    expect(typo.elements[0]?.rows).toEqual([]);
    const [region, size] = typo.parameters;
    expect(region?.warning).toBe("parameter 'region': 'North' is not one of its options ('north', 'south'); did you mean 'north'? the elements that filter on it will find no rows");
    expect(size?.warning).toBe("parameter 'size': 'huge' is not one of its options ('all', 'big'); the elements that filter on it will find no rows");

    const fine = await previewDashboard({ projectRoot: root, env: 'main', dashboard, params: { region: 'south' } });
    expect(fine.parameters.map((p) => p.warning)).toEqual([undefined, undefined]);
    expect(fine.elements[0]?.rows.length).toBe(3);
  });

  it('stays quiet when the options are not all known (a failed or capped options query)', () => {
    expect(selectValueWarning('brand', 'Zeta', ['All', 'Alpha'], false)).toBeUndefined();
    expect(selectValueWarning('brand', 'Alpha', ['All', 'Alpha'], true)).toBeUndefined();
    const many = Array.from({ length: 12 }, (_, i) => `b${i}`);
    expect(selectValueWarning('brand', 'x', many, true)).toMatch(/\('b0', 'b1', .*'b9', … \(12 in all\)\)/);
  });
});
