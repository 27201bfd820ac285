import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { corpusRoot } from '../compat/corpus.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

/** Each test with the status it must end with on the model below. */
const cases: [string, string, 'pass' | 'fail'][] = [
  ['dbt_utils.expression_is_true', '{expression: "amount >= 0"}', 'pass'],
  ['dbt_utils.expression_is_true', '{expression: "amount > 15"}', 'fail'],
  ['dbt_utils.unique_combination_of_columns', '{combination_of_columns: [id, status]}', 'pass'],
  ['dbt_utils.unique_combination_of_columns', '{combination_of_columns: [status]}', 'fail'],
  ['dbt_utils.accepted_range', '{column_name: amount, min_value: 0, max_value: 100}', 'pass'],
  ['dbt_utils.not_constant', '{column_name: status}', 'pass'],
  ['dbt_utils.not_empty_string', '{column_name: email}', 'fail'],
  ['dbt_utils.at_least_one', '{column_name: email}', 'pass'],
  ['dbt_utils.recency', '{datepart: day, field: created_at, interval: 1}', 'fail'],
  ['dbt_utils.equal_rowcount', "{compare_model: \"ref('orders_copy')\"}", 'pass'],
  ['dbt_expectations.expect_column_values_to_be_between', '{column_name: amount, min_value: 0, max_value: 50}', 'pass'],
  ['dbt_expectations.expect_column_values_to_be_between', '{column_name: amount, min_value: 15}', 'fail'],
  ['dbt_expectations.expect_column_values_to_be_in_set', "{column_name: status, value_set: ['open', 'closed']}", 'pass'],
  ['dbt_expectations.expect_column_values_to_match_regex', "{column_name: email, regex: '^[a-z]+@'}", 'fail'],
  ['dbt_expectations.expect_table_row_count_to_be_between', '{min_value: 1, max_value: 3}', 'pass'],
  ['dbt_expectations.expect_column_distinct_count_to_equal', '{column_name: status, value: 2}', 'pass'],
  ['dbt_expectations.expect_column_mean_to_be_between', '{column_name: amount, min_value: 100}', 'fail'],
  ['dbt_expectations.expect_column_values_to_be_unique', '{column_name: id}', 'pass'],
  ['dbt_expectations.expect_column_to_exist', '{column_name: amount}', 'pass'],
];

describe('generic tests of the real dbt_utils and dbt_expectations packages', () => {
  it('pass and fail where they should, on a small model', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': `name: shop\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\nmodels:\n  shop:\n    +materialized: table\n`,
      'models/orders.sql': [
        "select 1 as id, 10 as amount, 'open' as status, 'ann@example.com' as email, timestamp '2020-01-01' as created_at",
        "union all select 2, 20, 'closed', '', timestamp '2020-01-02'",
        "union all select 3, 30, 'closed', 'Bob@example.com', timestamp '2020-01-03'",
      ].join('\n'),
      'models/orders_copy.sql': "select * from {{ ref('orders') }}",
      'models/schema.yml': ['models:', '  - name: orders', '    data_tests:', ...cases.map(([kind, args]) => `      - ${kind}: ${args}`)].join('\n'),
    });
    await initCommittedRepo(root);
    const report = await runTestPipeline({ projectRoot: root });
    const outcome = report.tests.filter((t) => t.node === 'orders').map((t) => [t.kind, t.status, t.status === 'error' ? t.message : '']);
    expect(outcome).toEqual(cases.map(([kind, , status]) => [kind, status, '']));
  });
});

describe('a project compiled a second time (the app compiles the project it has open for each build and dashboard)', () => {
  it('has the same errors: a package\'s generic test found the first time is not reported unknown again', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': `name: shop\npackages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\n`,
      'models/orders.sql': 'select 1 as id',
      'models/schema.yml': ['models:', '  - name: orders', '    data_tests:', '      - dbt_utils.expression_is_true: {expression: "id > 0"}', '      - no_such_test'].join('\n'),
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
    const first = compileProject(loaded.project).compiled.errors.map((e) => e.message);
    expect(first).toEqual([expect.stringContaining("unknown test kind 'no_such_test'")]);
    expect(compileProject(loaded.project).compiled.errors.map((e) => e.message)).toEqual(first);
  });
});
