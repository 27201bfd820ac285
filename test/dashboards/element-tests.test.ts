import { describe, expect, it } from 'vitest';
import { readDashboards } from '../../electron/core/dashboards/dashboard-source.js';
import { previewDashboard } from '../../electron/core/dashboards/preview-dashboard.js';
import { publishDashboards } from '../../electron/core/dashboards/publish/publish-dashboards.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { builtDashboardProject, dashboardOf } from './dashboard-project.js';

const withTests = (tests: string) => `title: Sales
elements:
  - name: monthly
    query: select month, region, amount from {{ ref('sales_by_month') }}
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: amount, type: quantitative}}}
    tests:
${tests}`;

describe('output tests declared on dashboard elements', () => {
  it('run on the whole result of the element, with their stage, severity and outcome', async () => {
    const root = await builtDashboardProject({
      sales: withTests(`      - row_count: {min: 6, max: 6}
      - not_null: {column_name: region}
      - range: {column_name: amount, min: 60, severity: warn}
      - accepted_values: {column_name: region, values: [north]}
      - schema: {columns: {month: DATE, region: INTEGER}}
      - relationships: {column_name: region, to: ref('sales'), field: region}
`),
    });
    const dashboard = await dashboardOf(root, 'sales');
    expect(dashboard.elements[0]?.tests.map((t) => [t.id, t.stage])).toEqual([
      ['row_count.dashboard:sales.monthly', 'output'],
      ['not_null.dashboard:sales.monthly', 'output'],
      ['range.dashboard:sales.monthly', 'output'],
      ['accepted_values.dashboard:sales.monthly', 'output'],
      ['schema.dashboard:sales.monthly', 'output'],
      ['relationships.dashboard:sales.monthly', 'output'],
    ]);
    // Past the cap (2 of 6 rows drawn) the tests read the query again; under it, the held result.
    const truncated = await previewDashboard({ projectRoot: root, env: 'main', dashboard, rowCap: 2 });
    const whole = await previewDashboard({ projectRoot: root, env: 'main', dashboard, rowCap: 100 });
    expect(truncated.elements[0]?.truncated).toBe(true);
    expect(whole.elements[0]?.truncated).toBe(false);
    const outcomes = (tests: typeof results) => tests.map((t) => [t.kind, t.status, t.observed, t.message]);
    const results = truncated.elements[0]?.tests ?? [];
    expect(outcomes(whole.elements[0]?.tests ?? [])).toEqual(outcomes(results));
    expect(results.map((t) => [t.kind, t.status, t.observed])).toEqual([
      ['row_count', 'pass', 6],
      ['not_null', 'pass', 0],
      ['range', 'warn', 3],
      ['accepted_values', 'fail', 3],
      ['schema', 'fail', expect.anything()],
      ['relationships', 'error', null],
    ]);
    expect(results[4]?.message).toMatch(/region is VARCHAR, expected INTEGER/);
    expect(results[5]?.message).toMatch(/reads only its element/);
  });

  it('names the file and line of an unknown test kind', async () => {
    const root = await builtDashboardProject({ sales: withTests('      - no_such_test: {}\n') });
    const { dashboards } = await readDashboards(root);
    expect(dashboards[0]?.errors).toEqual([expect.objectContaining({ file: 'dashboards/sales.yml', line: 7, message: expect.stringMatching(/unknown test kind 'no_such_test'/) })]);
  });

  it('stop a publish when an error-level one fails, naming it', async () => {
    const root = await builtDashboardProject({ sales: withTests('      - accepted_values: {column_name: region, values: [north]}\n') });
    const outcome = await publishDashboards({ projectRoot: root });
    expect(outcome.published).toBe(false);
    expect(outcome.verdict.go).toBe(false);
    expect(outcome.verdict.reasons.find((r) => r.check === 'tests')).toMatchObject({ ok: false, items: ['accepted_values.dashboard:sales.monthly'] });
  });

  it('are part of the test report, as output tests with their file and line, and fail it at error level', async () => {
    const root = await builtDashboardProject({ sales: withTests('      - row_count: {min: 1}\n      - accepted_values: {column_name: region, values: [north]}\n') });
    const report = await runTestPipeline({ projectRoot: root });
    const fromDashboards = report.tests.filter((t) => t.node === 'dashboard:sales.monthly');
    expect(fromDashboards.map((t) => [t.id, t.stage, t.status, t.failing_rows, t.location])).toEqual([
      ['row_count.dashboard:sales.monthly', 'output', 'pass', null, { file: 'dashboards/sales.yml', line: 7 }],
      ['accepted_values.dashboard:sales.monthly', 'output', 'fail', 3, { file: 'dashboards/sales.yml', line: 8 }],
    ]);
    expect(report.summary.fail).toBe(1);
    // Left out by --stage, they are still counted: as skipped.
    const otherStage = await runTestPipeline({ projectRoot: root, stage: 'business-logic' });
    expect(otherStage.tests.filter((t) => t.node.startsWith('dashboard:')).map((t) => [t.id, t.status, t.message])).toEqual([
      ['row_count.dashboard:sales.monthly', 'skipped', 'not selected: only the business-logic stage was run'],
      ['accepted_values.dashboard:sales.monthly', 'skipped', 'not selected: only the business-logic stage was run'],
    ]);
  });

  it('report the errors of a dashboard that cannot run as errors of its tests, naming the file and line', async () => {
    const root = await builtDashboardProject({ sales: withTests('      - row_count: {min: 1}\n').replace("ref('sales_by_month')", "ref('no_such_model')") });
    const report = await runTestPipeline({ projectRoot: root });
    const [result] = report.tests.filter((t) => t.node === 'dashboard:sales.monthly');
    expect(result).toMatchObject({ id: 'row_count.dashboard:sales.monthly', status: 'error', message: expect.stringMatching(/^dashboard 'sales' has errors: dashboards\/sales\.yml:\d+: element 'monthly': .*no_such_model/) });
  });

  it('test the data of an element whose chart spec is invalid: the spec is checked where the chart is drawn', async () => {
    const root = await builtDashboardProject({ sales: withTests('      - row_count: {min: 1}\n').replace('mark: bar', 'mark: no_such_mark') });
    const report = await runTestPipeline({ projectRoot: root });
    expect(report.tests.find((t) => t.node === 'dashboard:sales.monthly')).toMatchObject({ status: 'pass', observed: 6 });
    const { dashboards } = await readDashboards(root);
    expect(dashboards[0]?.errors).toEqual([expect.objectContaining({ line: 5, message: expect.stringMatching(/invalid Vega-Lite spec/) })]);
  });
});
