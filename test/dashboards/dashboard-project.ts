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
