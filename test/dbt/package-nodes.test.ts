import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildEnvironment } from '../../electron/core/build/build-environment.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { queryEnv } from '../helpers/env-reader.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { writeTempProject } from '../helpers/temp-project.js';

/**
 * A dbt package's own models, seeds and YAML tests, as `dbt deps` leaves it under dbt_packages/:
 * built with the project, configured by the package and overridden by the root project.
 */
const kit = {
  'dbt_packages/shop_kit/dbt_project.yml': [
    'name: shop_kit',
    "version: '1.0.0'",
    'models:',
    '  shop_kit:',
    '    +materialized: view',
    '    marts:',
    '      +materialized: table',
    'seeds:',
    '  shop_kit:',
    '    +column_types: {rate: double}',
  ].join('\n'),
  'dbt_packages/shop_kit/macros/cents.sql': '{% macro cents(column) %}({{ column }} * 100)::integer{% endmacro %}',
  'dbt_packages/shop_kit/seeds/kit_rates.csv': 'currency,rate\nEUR,1\nUSD,2\n',
  'dbt_packages/shop_kit/models/kit_orders.sql': "select 1 as id, 2.5 as amount, 'EUR' as currency union all select 2, 4, 'USD'",
  'dbt_packages/shop_kit/models/marts/kit_totals.sql': [
    "select o.id, {{ cents('o.amount * r.rate') }} as cents, '{{ model.package_name }}' as package",
    "from {{ ref('kit_orders') }} o join {{ ref('kit_rates') }} r using (currency)",
  ].join('\n'),
  'dbt_packages/shop_kit/models/marts/kit_unused.sql': 'select 1 as one',
  'dbt_packages/shop_kit/models/schema.yml': 'models:\n  - name: kit_totals\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n',
};

describe('models and seeds of an installed package', () => {
  it('are built with the project, read with ref() in one or two arguments, and render with their package\'s macros first', async () => {
    const root = await writeTempProject({
      ...kit,
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      // A root macro of the same name: the package's own model still calls the package's.
      'macros/cents.sql': '{% macro cents(column) %}-1{% endmacro %}',
      'models/report.sql': "select t.id, t.cents, {{ cents('1') }} as root_macro from {{ ref('shop_kit', 'kit_totals') }} t join {{ ref('kit_orders') }} using (id)",
    });
    const summary = await buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect(summary.errors).toEqual([]);
    expect(Object.fromEntries(summary.nodes.map((n) => [n.node, n.status]))).toEqual({ kit_rates: 'built', kit_orders: 'built', kit_totals: 'built', kit_unused: 'built', report: 'built' });
    expect(await queryEnv(root, 'local', 'select id, cents, root_macro from report order by id')).toEqual([{ id: 1, cents: 250, root_macro: -1 }, { id: 2, cents: 800, root_macro: -1 }]);
    expect(await queryEnv(root, 'local', 'select distinct package from kit_totals')).toEqual([{ package: 'shop_kit' }]);
    expect(await queryEnv(root, 'local', "select data_type from information_schema.columns where table_name = 'kit_rates' and column_name = 'rate'")).toEqual([{ data_type: 'DOUBLE' }]);
  });

  it('are configured by the package, then by the root project', async () => {
    const root = await writeTempProject({ ...kit, 'dbt_project.yml': 'name: shop\n' });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('not loaded');
    const materialized = Object.fromEntries([...loaded.project.nodes.values()].map((n) => [n.name, n.kind === 'source' ? '' : n.config.materialized]));
    expect(materialized).toEqual({ kit_rates: 'seed', kit_orders: 'view', kit_totals: 'table', kit_unused: 'table' });
  });

  it('take the root project\'s config over the package\'s, and are left out (with a warning) when it disables them', async () => {
    const root = await writeTempProject({
      ...kit,
      'dbt_project.yml': ['name: shop', 'models:', '  shop_kit:', '    +materialized: table', '    marts:', '      kit_unused:', '        +enabled: false'].join('\n'),
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('not loaded');
    const { project } = loaded;
    expect([...project.nodes.keys()].sort()).toEqual(['kit_orders', 'kit_rates', 'kit_totals']);
    expect(project.nodes.get('kit_orders')).toMatchObject({ package: 'shop_kit', location: { file: 'dbt_packages/shop_kit/models/kit_orders.sql' }, config: { materialized: 'table' } });
    expect(project.nodes.get('kit_rates')).toMatchObject({ package: 'shop_kit', config: { materialized: 'seed', extra: { column_types: { rate: 'double' } } } });
    expect(project.errors).toEqual([expect.objectContaining({ severity: 'warning', file: 'dbt_packages/shop_kit/models/marts/kit_unused.sql', message: expect.stringMatching(/kit_unused.*disabled/) })]);
  });

  it('run the tests the package declares on them, in the report like any other', async () => {
    const root = await writeTempProject({ ...kit, 'dbt_project.yml': 'name: shop\n' });
    await initCommittedRepo(root);
    const report = await runTestPipeline({ projectRoot: root });
    expect(report.tests.filter((t) => t.node === 'kit_totals').map((t) => [t.kind, t.status])).toEqual([['unique', 'pass'], ['not_null', 'pass']]);
  });

  it('a model of the package and one of the project with the same name is an error naming both files', async () => {
    const root = await writeTempProject({ ...kit, 'dbt_project.yml': 'name: shop\n', 'models/kit_orders.sql': 'select 1 as id' });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('not loaded');
    expect(loaded.project.errors).toEqual([expect.objectContaining({ severity: 'error', message: expect.stringMatching(/kit_orders.*models\/kit_orders.sql|kit_orders.*dbt_packages\/shop_kit\/models\/kit_orders.sql/) })]);
  });

  it('upgrading a package rebuilds exactly the nodes whose SQL its changed macro renders', async () => {
    const root = await writeTempProject({
      ...kit,
      'dbt_project.yml': 'name: shop\nmodels:\n  shop:\n    +materialized: table\n',
      'models/uses_macro.sql': "select {{ shop_kit.cents('2') }} as c",
      'models/plain.sql': 'select 1 as one',
    });
    const build = () => buildEnvironment({ projectRoot: root, env: 'local', branch: null, commit: null });
    expect((await build()).status).toBe('ok');
    await writeFile(path.join(root, 'dbt_packages/shop_kit/macros/cents.sql'), '{% macro cents(column) %}({{ column }} * 1000)::integer{% endmacro %}');
    const rebuilt = await build();
    expect(Object.fromEntries(rebuilt.nodes.map((n) => [n.node, n.status]))).toEqual({ kit_rates: 'reused', kit_orders: 'reused', kit_totals: 'built', kit_unused: 'reused', uses_macro: 'built', plain: 'reused' });
    expect(await queryEnv(root, 'local', 'select c from uses_macro')).toEqual([{ c: 2000 }]);
  });
});
