import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { renderSvg } from '../../electron/core/dashboards/render-svg.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import { runElement } from '../../electron/core/dashboards/run-element.js';
import { builtDashboardProject, dashboardOf, oneElement } from './dashboard-project.js';

const board = `title: Sales
layout: {columns: 3}
parameters:
  - {name: region, type: select, default: north, options_query: "select distinct region from {{ ref('sales') }} order by 1"}
  - {name: note, type: text, default: hello}
elements:
  - name: by_month
    query: |
      select month, amount, $note as note from {{ ref('sales_by_month') }} where region = $region order by month
    spec:
      mark: line
      encoding:
        x: {field: month, type: temporal}
        y: {field: amount, type: quantitative}
  - name: broken
    query: select month, amount from {{ ref('sales_by_month') }} where no_such_column > 0
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: amount, type: quantitative}}}
  - name: wrong_field
    query: select month, amount from {{ ref('sales_by_month') }}
    spec:
      mark: bar
      encoding:
        x: {field: month, type: ordinal}
        y: {field: revenue, type: quantitative}
`;

describe('previewing a dashboard on a branch environment (real DuckDB, real git)', () => {
  it('renders the good elements and keeps each failure in its own tile', async () => {
    const root = await builtDashboardProject({ sales: board });
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'sales') });
    expect(preview.environment).toMatchObject({ env: 'main', branch: 'main' });
    const [good, broken, wrong] = preview.elements;
    expect(good?.error).toBeNull();
    expect(good?.rows).toEqual([
      { month: '2024-01-01', amount: 100, note: 'hello' },
      { month: '2024-02-01', amount: 110, note: 'hello' },
      { month: '2024-03-01', amount: 120, note: 'hello' },
    ]);
    expect(broken?.error).toMatch(/no_such_column/);
    expect(wrong?.error).toMatch(/dashboards\/sales\.yml:\d+: the spec encodes field\(s\) 'revenue' \(encoding\.y\) that the query does not return \(it returns month, amount\)/);
    expect(preview.parameters.find((p) => p.name === 'region')).toMatchObject({ options: ['north', 'south'], value: 'north' });
    expect(preview.columns).toBe(3);
  });

  it('binds parameters as values: a hostile text is returned as it was typed', async () => {
    const root = await builtDashboardProject({ sales: board });
    const hostile = "'; drop table sales_by_month; --";
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'sales'), params: { note: hostile, region: hostile } });
    expect(preview.elements[0]?.error).toBeNull();
    expect(preview.elements[0]?.rows).toEqual([]);
    const again = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'sales'), params: { note: hostile } });
    expect(again.elements[0]?.rows.map((r) => r.note)).toEqual([hostile, hostile, hostile]);
  });

  it('leaves a writable database untouched by a hostile value (the table still exists)', async () => {
    const withNote = oneElement('select $note as note, count(*) as n from x').replace('elements:', 'parameters:\n  - {name: note, type: text, default: hi}\nelements:');
    const root = await builtDashboardProject({ sales: withNote });
    const dashboard = await dashboardOf(root, 'sales');
    const element = dashboard.elements[0];
    if (!element) throw new Error('no element');
    const engine = await openEngine({ path: ':memory:' });
    const conn = await engine.connect();
    try {
      expect((await conn.query('create table x as select 1 as id')).ok).toBe(true);
      const hostile = "'; drop table x; --";
      const result = await runElement(conn, { ...element, spec: { mark: 'point' } }, new Map([['note', hostile]]), 100);
      expect(result.error).toBeNull();
      expect(result.rows).toEqual([{ note: hostile, n: 1 }]);
      const still = await conn.query('select count(*) as n from x');
      expect(still.ok && still.rows).toEqual([{ n: 1 }]);
      // The result held for the chart and the tests is gone with the run.
      const tables = await conn.query('select table_name from duckdb_tables() order by 1');
      expect(tables.ok && tables.rows).toEqual([{ table_name: 'x' }]);
    } finally {
      await conn.close();
      await engine.close();
    }
  });

  it('refuses parameter values of the wrong shape or unknown parameters', async () => {
    const root = await builtDashboardProject({ sales: board });
    const dashboard = await dashboardOf(root, 'sales');
    await expect(previewDashboard({ projectRoot: root, env: 'main', dashboard, params: { nope: 1 } })).rejects.toThrow(/unknown parameter\(s\): nope/);
    await expect(previewDashboard({ projectRoot: root, env: 'main', dashboard, params: { note: { start: 'x' } } })).rejects.toThrow(/needs a text value/);
  });

  it('holds a large result to the row cap, with a warning', async () => {
    const root = await builtDashboardProject({ big: oneElement('select range as month, 1 as amount from range(6000)') });
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'big') });
    const [element] = preview.elements;
    expect(element?.rows).toHaveLength(5000);
    expect(element?.truncated).toBe(true);
    expect(element?.warning).toMatch(/more than 5,000 rows; only the first 5,000 are drawn/);
    const small = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'big'), rowCap: 10 });
    expect(small.elements[0]?.rows).toHaveLength(10);
  });

  it('draws each element to SVG headless with vega', async () => {
    const root = await builtDashboardProject({ sales: board });
    const preview = await previewDashboard({ projectRoot: root, env: 'main', dashboard: await dashboardOf(root, 'sales') });
    const svg = await renderSvg(preview.elements[0] as NonNullable<(typeof preview.elements)[0]>);
    expect(svg).toMatch(/^<svg[^>]*class="marks"/);
    expect(svg).toContain('Feb'); // an axis label of the temporal x axis
    expect(svg).toMatch(/<path[^>]*d="M/);
    expect(await readFile(assayPaths(root).envFile('main')).then(() => true)).toBe(true);
  });
});
