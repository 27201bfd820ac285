import { describe, expect, it } from 'vitest';
import { readDashboards } from '../../electron/core/dashboards/dashboard-source.js';
import { writeTempProject } from '../helpers/temp-project.js';

const project = { 'dbt_project.yml': 'name: demo\nversion: 1\n', 'models/orders.sql': 'select 1 as id, 10 as amount\n' };

async function problemsOf(yaml: string) {
  const root = await writeTempProject({ ...project, 'dashboards/board.yml': yaml });
  const { dashboards } = await readDashboards(root);
  return dashboards[0]?.errors ?? [];
}

const valid = `title: Orders
parameters:
  - {name: min_amount, type: number, default: 0}
elements:
  - name: amounts
    query: |
      select id, amount
      from {{ ref('orders') }}
      where amount >= $min_amount
    spec:
      mark: bar
      encoding:
        x: {field: id, type: ordinal}
        y: {field: amount, type: quantitative}
`;

describe('dashboards/*.yml', () => {
  it('loads a valid dashboard with the nodes its queries read', async () => {
    const root = await writeTempProject({ ...project, 'dashboards/board.yml': valid });
    const { dashboards } = await readDashboards(root);
    expect(dashboards.map((d) => [d.name, d.id, d.errors, d.dependsOn])).toEqual([['board', 'dashboard:board', [], ['orders']]]);
    expect(dashboards[0]?.elements[0]?.sql).toContain('"orders"');
  });

  it('names an element without a name after its title, as the README describes elements', async () => {
    const untitled = valid.replace('  - name: amounts\n', '  - title: Amounts by order\n') + valid.slice(valid.indexOf('  - name: amounts')).replace('  - name: amounts\n', '  - title: Amounts by order\n');
    const root = await writeTempProject({ ...project, 'dashboards/board.yml': untitled });
    const { dashboards } = await readDashboards(root);
    expect(dashboards[0]?.errors).toEqual([]);
    expect(dashboards[0]?.elements.map((e) => e.name)).toEqual(['amounts_by_order', 'amounts_by_order_2']);
  });

  it('names the file and line of an invalid Vega-Lite spec', async () => {
    const errors = await problemsOf(valid.replace('mark: bar', 'mark: bars'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'dashboards/board.yml', line: 11, severity: 'error' });
    expect(errors[0]?.message).toMatch(/invalid Vega-Lite spec: mark: "bars" is not one of .*bar/);
  });

  it('names the misspelt property of an encoding', async () => {
    const errors = await problemsOf(valid.replace('y: {field: amount, type: quantitative}', 'y: {field: amount, typ: quantitative}'));
    expect(errors[0]).toMatchObject({ file: 'dashboards/board.yml', line: 14 });
    expect(errors[0]?.message).toMatch(/encoding\.y: unknown property 'typ'/);
  });

  it('names the line of an unknown ref()', async () => {
    const errors = await problemsOf(valid.replace("ref('orders')", "ref('ordres')"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ file: 'dashboards/board.yml', line: 8 });
    expect(errors[0]?.message).toMatch(/element 'amounts': .*ref\('ordres'\) names no model or seed/);
  });

  it('refuses a $placeholder that is not a parameter, and positional ones', async () => {
    const errors = await problemsOf(valid.replace('$min_amount', '$min_amout and id <> $1'));
    expect(errors.map((e) => [e.line, e.message.replace(/ \(it has.*/, '')])).toEqual([
      [9, "element 'amounts': $min_amout is not a parameter of this dashboard"],
      [9, "element 'amounts': $1 is not a parameter of this dashboard"],
    ]);
  });

  it('refuses data in a spec, a missing title, a bad parameter default and duplicate names, by line', async () => {
    const yaml = valid
      .replace('title: Orders\n', '')
      .replace('default: 0}', 'default: zero}')
      .replace('      mark: bar\n', '      mark: bar\n      data: {values: []}\n');
    const errors = await problemsOf(yaml);
    expect(errors.map((e) => e.line)).toEqual([1, 2]);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/title/);
    expect(errors.map((e) => e.message).join('\n')).toMatch(/parameters\.0\.default/);
    const dataErrors = await problemsOf(valid.replace('      mark: bar\n', '      mark: bar\n      data: {values: []}\n'));
    expect(dataErrors).toEqual([expect.objectContaining({ line: 12, message: expect.stringMatching(/must not carry data/) })]);
    const twice = await problemsOf(valid.replace('elements:\n', `elements:\n  - name: amounts\n    query: select 1 as id, 2 as amount\n    spec: {mark: bar}\n`));
    expect(twice.map((e) => e.message)).toEqual(["element 'amounts' is declared twice"]);
  });

  it('reports YAML syntax errors with their line and keeps other dashboards', async () => {
    const root = await writeTempProject({ ...project, 'dashboards/a.yml': valid, 'dashboards/b.yml': 'title: [unclosed\n' });
    const { dashboards } = await readDashboards(root);
    expect(dashboards.map((d) => [d.name, d.errors.length > 0])).toEqual([['a', false], ['b', true]]);
    expect(dashboards[1]?.errors[0]).toMatchObject({ file: 'dashboards/b.yml', line: expect.any(Number), message: expect.stringMatching(/invalid YAML/) });
  });
});

describe('dashboards in the lineage', () => {
  it('are summary nodes reading the nodes their queries ref(), never compiled nodes', async () => {
    const { readProjectSnapshot } = await import('../../electron/core/workbench/project-session.js');
    const root = await writeTempProject({ ...project, 'dashboards/board.yml': valid, 'dashboards/broken.yml': 'title: [' });
    const snapshot = await readProjectSnapshot(root);
    const dashboards = snapshot.summary.nodes.filter((n) => n.kind === 'dashboard');
    expect(dashboards.map((n) => [n.id, n.materialization, n.dependsOn])).toEqual([['dashboard:board', 'dashboard', ['orders']], ['dashboard:broken', 'dashboard', []]]);
    expect([...snapshot.compiled.nodes.keys()]).toEqual(['orders']);
  });
});

describe('editing a dashboard', () => {
  it('calls for no build (dashboards are never materialised)', async () => {
    const { planRebuild } = await import('../../electron/core/workbench/rebuild-plan.js');
    const { loadProject } = await import('../../electron/core/project/load-project.js');
    const root = await writeTempProject({ ...project, 'dashboards/board.yml': valid });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('the project did not load');
    expect(planRebuild(loaded.project, ['dashboards/board.yml'])).toEqual({ kind: 'none' });
    expect(planRebuild(loaded.project, ['dashboards/board.yml', 'models/orders.sql'])).toEqual({ kind: 'select', select: ['orders+'] });
  });
});
