import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { corpusRoot } from '../compat/corpus.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

/**
 * The generic tests of dbt_utils that package-tests.test.ts does not run, each passing and failing
 * where it should on the models below: with these, every `{% test %}` of dbt_utils 1.3.3 runs.
 */
const cases: [string, string, 'pass' | 'fail'][] = [
  ['dbt_utils.cardinality_equality', "{column_name: status, to: \"ref('orders_copy')\", field: status}", 'pass'],
  ['dbt_utils.cardinality_equality', "{column_name: status, to: \"ref('statuses')\", field: status}", 'fail'],
  ['dbt_utils.equality', "{compare_model: \"ref('orders_copy')\"}", 'pass'],
  ['dbt_utils.equality', "{compare_model: \"ref('orders_copy')\", compare_columns: [id, amount]}", 'pass'],
  ['dbt_utils.equality', "{compare_model: \"ref('statuses')\", compare_columns: [status]}", 'fail'],
  ['dbt_utils.fewer_rows_than', "{compare_model: \"ref('orders_copy')\"}", 'fail'],
  ['dbt_utils.fewer_rows_than', "{compare_model: \"ref('orders_doubled')\"}", 'pass'],
  ['dbt_utils.mutually_exclusive_ranges', '{lower_bound_column: starts, upper_bound_column: ends}', 'pass'],
  ['dbt_utils.mutually_exclusive_ranges', "{lower_bound_column: starts, upper_bound_column: ends, gaps: 'not_allowed'}", 'fail'],
  ['dbt_utils.not_accepted_values', "{column_name: status, values: ['lost']}", 'pass'],
  ['dbt_utils.not_accepted_values', "{column_name: status, values: ['open']}", 'fail'],
  ['dbt_utils.not_null_proportion', '{column_name: email, at_least: 0.5}', 'pass'],
  ['dbt_utils.not_null_proportion', '{column_name: email, at_least: 0.9}', 'fail'],
  ['dbt_utils.relationships_where', "{column_name: status, to: \"ref('statuses')\", field: status}", 'pass'],
  ['dbt_utils.relationships_where', "{column_name: status, to: \"ref('statuses')\", field: status, to_condition: \"status = 'open'\"}", 'fail'],
  ['dbt_utils.sequential_values', '{column_name: id}', 'pass'],
  ['dbt_utils.sequential_values', '{column_name: amount}', 'fail'],
];

describe('the other generic tests of the real dbt_utils package', () => {
  it('pass and fail where they should, on a small model', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': `name: shop\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\nmodels:\n  shop:\n    +materialized: table\n`,
      'models/orders.sql': [
        "select 1 as id, 10 as amount, 'open' as status, 'ann@example.com' as email, 0 as starts, 5 as ends",
        "union all select 2, 20, 'closed', null, 5, 8",
        "union all select 3, 30, 'closed', 'cid@example.com', 10, 12",
      ].join('\n'),
      'models/orders_copy.sql': "select * from {{ ref('orders') }}",
      'models/orders_doubled.sql': "select * from {{ ref('orders') }} union all select * from {{ ref('orders') }}",
      'models/statuses.sql': "select 'open' as status union all select 'closed' union all select 'lost'",
      'models/schema.yml': ['models:', '  - name: orders', '    data_tests:', ...cases.map(([kind, args]) => `      - ${kind}: ${args}`)].join('\n'),
    });
    await initCommittedRepo(root);
    const report = await runTestPipeline({ projectRoot: root });
    const outcome = report.tests.filter((t) => t.node === 'orders').map((t) => [t.kind, t.status, t.status === 'error' ? t.message : '']);
    expect(outcome).toEqual(cases.map(([kind, , status]) => [kind, status, '']));
  });
});
