import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { readProjectSnapshot } from '../../electron/core/workbench/project-session.js';
import { writeTempProject } from '../helpers/temp-project.js';

const files = {
  'dbt_project.yml': 'name: shop\n',
  'seeds/raw_orders.csv': 'id,amount\n1,10\n',
  'models/orders.sql': "select * from {{ ref('raw_orders') }}",
  'models/sources.yml': "sources:\n  - name: crm\n    tables:\n      - name: accounts\n        meta: {external_location: 'crm.csv'}\n",
  'crm.csv': 'id\n1\n',
  'models/exposures.yml': [
    'exposures:',
    '  - name: weekly_revenue',
    '    label: Weekly revenue',
    '    type: dashboard',
    '    maturity: high',
    '    url: https://bi.example.com/weekly',
    '    description: The revenue the board reads',
    '    owner: {name: Ann Analyst, email: ann@example.com}',
    '    depends_on:',
    "      - ref('orders')",
    "      - source('crm', 'accounts')",
  ].join('\n'),
};

describe('dbt exposures', () => {
  it('are lineage nodes after what they read, with their type, owner and link, and nothing warns about them', async () => {
    const root = await writeTempProject(files);
    const snapshot = await readProjectSnapshot(root);
    expect(snapshot.summary.errors).toEqual([]);
    expect(snapshot.summary.nodes.find((n) => n.kind === 'exposure')).toEqual({
      id: 'exposure:weekly_revenue',
      name: 'weekly_revenue',
      kind: 'exposure',
      materialization: 'exposure',
      dependsOn: ['orders', 'source:crm.accounts'],
      description: 'Weekly revenue: The revenue the board reads',
      columns: [],
      tags: [],
      location: { file: 'models/exposures.yml', line: 2 },
      exposure: { type: 'dashboard', url: 'https://bi.example.com/weekly', owner: { name: 'Ann Analyst', email: 'ann@example.com' } },
    });
    // Never part of what a build runs.
    expect(snapshot.compiled.nodes.has('exposure:weekly_revenue')).toBe(false);
  });

  it('a depends_on entry naming no node, or that is not a ref() or source(), is an error naming the exposure, file and line', async () => {
    const root = await writeTempProject({
      ...files,
      'models/exposures.yml': "exposures:\n  - name: broken\n    type: notebook\n    owner: {email: a@b.c}\n    depends_on: [\"ref('no_such_model')\", \"'orders'\"]\n",
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('not loaded');
    const { compiled } = compileProject(loaded.project);
    expect(compiled.errors.map((e) => [e.file, e.line, e.severity, e.message])).toEqual([
      ['models/exposures.yml', 2, 'error', expect.stringMatching(/^exposure 'broken': depends_on entry ref\('no_such_model'\): .*no_such_model/)],
      ['models/exposures.yml', 2, 'error', "exposure 'broken': depends_on entry 'orders': it is not a ref() or source()"],
    ]);
    expect(compiled.exposures).toEqual([expect.objectContaining({ dependsOn: [] })]);
  });
});
