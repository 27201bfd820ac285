import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { readDashboards, runnableDashboard } from '../../electron/core/dashboards/dashboard-source.js';
import type { Dashboard } from '../../electron/core/dashboards/dashboard.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

const sales = ['month,region,amount', ...['2024-01-01', '2024-02-01', '2024-03-01'].flatMap((m, i) => [`${m},north,${100 + i * 10}`, `${m},south,${50 + i}`])].join('\n');

/** A small project in a real git repository, built: a `sales` seed and a `sales_by_month` model, plus the given dashboards. */
export async function builtDashboardProject(dashboards: Record<string, string>): Promise<string> {
  const files: Record<string, string> = {
    'dbt_project.yml': 'name: demo\nversion: 1\nmodels:\n  demo:\n    +materialized: table\n',
    'seeds/sales.csv': `${sales}\n`,
    'models/sales_by_month.sql': "select month, region, sum(amount) as amount from {{ ref('sales') }} group by all\n",
  };
  for (const [name, text] of Object.entries(dashboards)) files[`dashboards/${name}.yml`] = text;
  const root = await writeTempProject(files);
  await initCommittedRepo(root);
  const built = await buildBranch({ projectRoot: root });
  if (built.target.status !== 'ok') throw new Error(`the test project did not build: ${JSON.stringify(built.target.nodes)}`);
  return root;
}

export async function dashboardOf(root: string, name: string): Promise<Dashboard> {
  return runnableDashboard((await readDashboards(root)).dashboards, name);
}

/** A one-element dashboard around `query` and `spec` (YAML text, indented for the element). */
export function oneElement(query: string, spec = 'mark: bar\n      encoding:\n        x: {field: month, type: ordinal}\n        y: {field: amount, type: quantitative}'): string {
  return `title: Test\nelements:\n  - name: chart\n    query: |\n${query.split('\n').map((l) => `      ${l}`).join('\n')}\n    spec:\n      ${spec}\n`;
}

/**
 * A dashboard over two models, `sales_by_month` (filtered by a `region` select) and `targets` (which
 * twoModelProject writes), for the tests of what a preview runs again.
 */
export const TWO_MODEL_BOARD = `title: Two models
parameters:
  - {name: region, type: select, default: north, options: [north, south]}
elements:
  - name: by_month
    query: select month, amount from {{ ref('sales_by_month') }} where region = $region order by month
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: amount, type: quantitative}}}
  - name: targets
    query: select month, target from {{ ref('targets') }} order by month
    spec: {mark: bar, encoding: {x: {field: month, type: ordinal}, y: {field: target, type: quantitative}}}
`;

/** builtDashboardProject with a `targets` model (100 for January 2024) and the dashboard `two`, whose text is given. */
export async function twoModelProject(board = TWO_MODEL_BOARD): Promise<string> {
  const root = await builtDashboardProject({ two: board });
  await writeFile(path.join(root, 'models/targets.sql'), "select date '2024-01-01' as month, 100 as target\n");
  return root;
}
