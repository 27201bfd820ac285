import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runUnitTests } from '../../electron/core/unit-tests/run-unit-tests.js';
import { writeTempProject } from '../helpers/temp-project.js';

const orders = [
  "{{ config(materialized='incremental', unique_key='order_id') }}",
  'select o.order_id, o.customer_id, c.region, o.amount * 2 as doubled, o.ordered_at',
  "from {{ ref('stg_orders') }} as o",
  "join {{ source('crm', 'customers') }} as c using (customer_id)",
  '{% if is_incremental() %}where o.order_id > (select max(order_id) from {{ this }}){% endif %}',
].join('\n');

const base: Record<string, string> = {
  'dbt_project.yml': 'name: shop\n',
  'models/stg_orders.sql': 'select 1 as order_id, 1 as customer_id, 10 as amount, date \'2024-01-01\' as ordered_at',
  'models/orders.sql': orders,
  'models/sources.yml': [
    'sources:',
    '  - name: crm',
    '    tables:',
    '      - name: customers',
    '        columns:',
    '          - {name: customer_id, data_type: bigint}',
    '          - {name: region, data_type: varchar}',
    '          - {name: signed_up, data_type: date}',
  ].join('\n'),
};

async function run(files: Record<string, string>) {
  const root = await writeTempProject({ ...base, ...files });
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const { compiled } = compileProject(loaded.project);
  const tests = compiled.project.tests.filter((t) => t.kind === 'unit_test');
  return { results: await runUnitTests({ compiled, tests }), errors: compiled.errors };
}

const unitTest = (body: string[]) => ['unit_tests:', ...body.map((l) => `  ${l}`)].join('\n');

describe('dbt unit tests', () => {
  it('passes when the model returns the expected rows on the given rows, whatever their order', async () => {
    const { results } = await run({
      'models/orders_unit.yml': unitTest([
        '- name: doubles_amounts',
        '  model: orders',
        '  given:',
        "    - input: ref('stg_orders')",
        '      rows:',
        '        - {order_id: 1, customer_id: 7, amount: 5}',
        '        - {order_id: 2, customer_id: 8, amount: 2}',
        "    - input: source('crm', 'customers')",
        '      rows:',
        '        - {customer_id: 7, region: north}',
        '        - {customer_id: 8, region: south}',
        '  expect:',
        '    rows:',
        '      - {order_id: 2, region: south, doubled: 4}',
        '      - {order_id: 1, region: north, doubled: 10}',
      ]),
    });
    expect(results.map((r) => [r.id, r.kind, r.stage, r.node, r.status])).toEqual([['unit_test.orders.doubles_amounts', 'unit_test', 'business-logic', 'orders', 'pass']]);
    expect(results[0]?.unit?.actual).toHaveLength(2);
  });

  it('fails with the expected and actual rows paired and the differing cells named', async () => {
    const { results } = await run({
      'models/orders_unit.yml': unitTest([
        '- name: wrong_expectation',
        '  model: orders',
        '  given:',
        "    - input: ref('stg_orders')",
        '      rows: [{order_id: 1, customer_id: 7, amount: 5}, {order_id: 2, customer_id: 7, amount: 1}]',
        "    - input: source('crm', 'customers')",
        '      rows: [{customer_id: 7, region: north}]',
        '  expect:',
        '    rows: [{order_id: 1, doubled: 10}, {order_id: 2, doubled: 3}]',
      ]),
    });
    const result = results[0];
    expect(result?.status).toBe('fail');
    expect(result?.failing_rows).toBe(1);
    expect(result?.unit?.mismatched).toEqual([{ key: { order_id: '2' }, base: { order_id: '2', doubled: '3' }, compare: { order_id: '2', doubled: '2' }, changed: ['doubled'] }]);
    expect(result?.unit?.missing).toEqual([]);
    expect(result?.unit?.unexpected).toEqual([]);
  });

  const given = [
    '  given:',
    "    - input: ref('stg_orders')",
    '      rows: [{order_id: 1, customer_id: 7, amount: 5}, {order_id: 2, customer_id: 7, amount: 1}]',
    "    - input: source('crm', 'customers')",
    '      rows: [{customer_id: 7, region: north}]',
  ];

  it('tests an incremental model in both modes: is_incremental() overridden, this given', async () => {
    const { results } = await run({
      'models/orders_unit.yml': unitTest([
        '- name: full_refresh',
        '  model: orders',
        ...given,
        '  expect: {rows: [{order_id: 1}, {order_id: 2}]}',
        '- name: incremental',
        '  model: orders',
        '  overrides: {macros: {is_incremental: true}}',
        ...given,
        '    - input: this',
        '      rows: [{order_id: 1}]',
        '  expect: {rows: [{order_id: 2}]}',
        '- name: incremental_without_this',
        '  model: orders',
        '  overrides: {macros: {is_incremental: true}}',
        ...given,
        '  expect: {rows: [{order_id: 2}]}',
      ]),
    });
    expect(results.map((r) => [r.id, r.status, r.unit?.is_incremental ?? null])).toEqual([
      ['unit_test.orders.full_refresh', 'pass', false],
      ['unit_test.orders.incremental', 'pass', true],
      ['unit_test.orders.incremental_without_this', 'error', null],
    ]);
    expect(results[2]?.message).toBe("is_incremental() is true and orders reads {{ this }}: give its current rows with 'input: this'");
  });

  it('applies overrides of vars, env_vars and macros, and reads csv, sql and fixture files', async () => {
    const { results } = await run({
      'models/labelled.sql': "select order_id as id, '{{ var(\"label\", \"none\") }}' as label, '{{ env_var(\"SHOP_ENV\", \"dev\") }}' as env, {{ today() }} as day from {{ ref('stg_orders') }}",
      'macros/today.sql': '{% macro today() %}current_date{% endmacro %}',
      'tests/fixtures/two_ids.csv': 'order_id\n1\n2\n',
      'models/labelled_unit.yml': unitTest([
        '- name: labels',
        '  model: labelled',
        "  overrides: {vars: {label: promo}, env_vars: {SHOP_ENV: ci}, macros: {today: \"date '2024-05-01'\"}}",
        '  given:',
        "    - input: ref('stg_orders')",
        '      format: csv',
        '      fixture: two_ids',
        '  expect:',
        '    format: sql',
        "    rows: select * from (values (1, 'promo', 'ci', date '2024-05-01'), (2, 'promo', 'ci', date '2024-05-01')) as t(id, label, env, day)",
        '- name: labels_csv',
        '  model: labelled',
        '  overrides: {vars: {label: x}, env_vars: {SHOP_ENV: y}}',
        '  given:',
        "    - input: ref('stg_orders')",
        '      format: sql',
        '      rows: select 3 as order_id',
        '  expect:',
        '    format: csv',
        '    rows: |',
        '      id,label',
        '      3,x',
      ]),
    });
    expect(results.map((r) => [r.id, r.status, r.message])).toEqual([
      ['unit_test.labelled.labels', 'pass', '2 rows as expected'],
      ['unit_test.labelled.labels_csv', 'pass', '1 row as expected'],
    ]);
  });

  it('returns the results in the order the tests are declared, broken ones included, though they run side by side', async () => {
    const passing = (name: string) => [`- name: ${name}`, '  model: orders', ...given, '  expect: {rows: [{order_id: 1, doubled: 10}, {order_id: 2, doubled: 2}]}'];
    const { results } = await run({
      'models/u.yml': unitTest([...passing('first'), '- name: broken', '  model: nope', '  given: []', '  expect: {rows: []}', ...passing('third'), ...passing('fourth')]),
    });
    expect(results.map((r) => [r.name, r.status])).toEqual([['first', 'pass'], ['broken', 'error'], ['third', 'pass'], ['fourth', 'pass']]);
  });

  describe('bad input', () => {
    it('a model that does not exist is an error naming the file and line, and the test errors', async () => {
      const { results, errors } = await run({ 'models/u.yml': unitTest(['- name: ghost', '  model: nope', '  given: []', '  expect: {rows: []}']) });
      expect(errors).toContainEqual(expect.objectContaining({ file: 'models/u.yml', line: 3, severity: 'error', message: "unit test 'ghost' tests model 'nope', which is not a model of this project" }));
      expect(results.map((r) => [r.id, r.status, r.message])).toEqual([['unit_test.nope.ghost', 'error', "unit test 'ghost' tests model 'nope', which is not a model of this project"]]);
    });

    it('an input the model reads without a given is named', async () => {
      const { results } = await run({ 'models/u.yml': unitTest(['- name: t', '  model: orders', '  given:', "    - input: ref('stg_orders')", '      rows: [{order_id: 1}]', '  expect: {rows: []}']) });
      expect(results[0]?.message).toBe("no given for source('crm', 'customers'), which orders reads: add a given for each input it reads (rows: [] for an empty one)");
    });

    it('a given column the model never reads is a warning naming it; a column it reads and no row gives is NULL', async () => {
      const { results } = await run({
        'models/u.yml': unitTest([
          '- name: t',
          '  model: orders',
          '  given:',
          "    - input: ref('stg_orders')",
          '      rows: [{order_id: 1, customer_id: 7, amount: 5, coupon: X1}]',
          "    - input: source('crm', 'customers')",
          '      rows: [{customer_id: 7}]',
          '  expect: {rows: [{order_id: 1, region: null, ordered_at: null}]}',
        ]),
      });
      expect(results.map((r) => [r.status, r.unit?.warnings])).toEqual([['warn', ["given ref('stg_orders') has column 'coupon', which orders never reads"]]]);
    });

    it('expect naming columns the model does not return is an error naming them', async () => {
      const { results } = await run({ 'models/u.yml': unitTest(['- name: t', '  model: orders', ...given, '  expect: {rows: [{order_id: 1, total: 3}]}']) });
      expect(results.map((r) => [r.status, r.message])).toEqual([['error', "expect names 'total', which orders does not return (it returns order_id, customer_id, region, doubled, ordered_at)"]]);
    });

    it('malformed shapes are errors with the file and line: rows not a list, an unknown format, a bad input', async () => {
      const { results, errors } = await run({
        'models/u.yml': unitTest([
          '- name: rows_not_a_list',
          '  model: orders',
          '  given:',
          "    - input: ref('stg_orders')",
          '      rows: {order_id: 1}',
          '  expect: {rows: []}',
          '- name: unknown_format',
          '  model: orders',
          '  given: []',
          '  expect:',
          '    format: parquet',
          '    rows: []',
          '- name: bad_input',
          '  model: orders',
          '  given:',
          '    - input: orders_table',
          '      rows: []',
          '  expect: {rows: []}',
        ]),
      });
      expect(errors.filter((e) => e.file === 'models/u.yml').map((e) => [e.line, e.message])).toEqual([
        [6, "unit test 'rows_not_a_list': given ref('stg_orders'): rows must be a list of mappings when format is dict, not a mapping"],
        [12, 'unit test \'unknown_format\': expect.format: Invalid option: expected one of "dict"|"csv"|"sql"'],
        [17, "unit test 'bad_input': given input 'orders_table' must be ref('model'), source('source', 'table') or this"],
      ]);
      expect(results.map((r) => r.status)).toEqual(['error', 'error', 'error']);
    });
  });
});
