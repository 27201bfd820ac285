import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

async function load(files: Record<string, string>) {
  const root = await writeTempProject({ ...minimalProject, ...files });
  const loaded = await loadProject(root);
  if (!loaded.ok) throw new Error(`load failed: ${JSON.stringify(loaded.errors)}`);
  return loaded.project;
}

async function compileErrors(files: Record<string, string>) {
  const { compiled } = compileProject(await load(files));
  return compiled.errors;
}

describe('loading a project', () => {
  it('refuses a folder that is not a dbt project, naming it', async () => {
    const root = await writeTempProject({ 'README.md': 'hello' });
    const loaded = await loadProject(root);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors[0]?.message).toMatch(/is not a dbt project: it has no dbt_project.yml/);
  });

  it('reports malformed YAML in dbt_project.yml with its line', async () => {
    const root = await writeTempProject({ 'dbt_project.yml': 'name: demo\nmodels:\n  demo: [unclosed\n' });
    const loaded = await loadProject(root);
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors[0]).toMatchObject({ file: 'dbt_project.yml', line: expect.any(Number), message: expect.stringMatching(/invalid YAML/) });
  });

  it('reports a schema violation with the line of the bad value', async () => {
    const root = await writeTempProject({ 'dbt_project.yml': 'version: 1\nname: 3-bad name\n' });
    const loaded = await loadProject(root);
    expect(!loaded.ok && loaded.errors[0]).toMatchObject({ file: 'dbt_project.yml', line: 2, message: expect.stringMatching(/^name: /) });
  });

  it('keeps loading other files when one schema.yml is malformed', async () => {
    const project = await load({
      'models/a.sql': 'select 1 as id',
      'models/broken.yml': 'models:\n  - name: a\n    columns:\n      - name: id\n        tests: [unique\n',
    });
    expect(project.nodes.has('a')).toBe(true);
    expect(project.errors[0]).toMatchObject({ file: 'models/broken.yml', line: expect.any(Number), severity: 'error' });
  });

  it('applies per-folder config with + keys, then schema.yml config', async () => {
    const project = await load({
      'dbt_project.yml': 'name: demo\nmodels:\n  demo:\n    +materialized: table\n    staging:\n      +materialized: view\n      +tags: [stg]\n',
      'models/staging/stg_a.sql': 'select 1 as id',
      'models/marts/a.sql': 'select * from {{ ref("stg_a") }}',
      'models/marts/schema.yml': 'models:\n  - name: a\n    config:\n      materialized: incremental\n      unique_key: id\n',
    });
    const stg = project.nodes.get('stg_a');
    const mart = project.nodes.get('a');
    expect(stg?.kind === 'model' && stg.config).toMatchObject({ materialized: 'view', tags: ['stg'] });
    expect(mart?.kind === 'model' && mart.config).toMatchObject({ materialized: 'incremental', unique_key: 'id' });
  });

  it('declares tests with stages and reports an unknown test kind at its line, still declared so that a run counts it', async () => {
    const project = await load({
      'models/a.sql': 'select 1 as id',
      'models/schema.yml': [
        'models:',
        '  - name: a',
        '    columns:',
        '      - name: id',
        '        tests:',
        '          - unique',
        '          - dbt_expectations.expect_column_to_exist',
        '          - accepted_values: {values: [1, 2], severity: warn}',
      ].join('\n'),
    });
    expect(project.tests.map((t) => [t.id, t.stage, t.severity, t.problem !== undefined])).toEqual([
      ['unique.a.id', 'business-logic', 'error', false],
      ['dbt_expectations.expect_column_to_exist.a.id', 'business-logic', 'error', true],
      ['accepted_values.a.id', 'business-logic', 'warn', false],
    ]);
    expect(project.errors[0]).toMatchObject({ file: 'models/schema.yml', line: 7, message: expect.stringMatching(/unknown test kind 'dbt_expectations.expect_column_to_exist'/) });
  });

  it('resolves doc() blocks and reports an unknown one', async () => {
    const project = await load({
      'models/a.sql': 'select 1 as id',
      'models/docs.md': '{% docs a_doc %}\nThe a model.\n{% enddocs %}',
      'models/schema.yml': "models:\n  - name: a\n    description: '{{ doc(\"a_doc\") }}'\n    columns:\n      - name: id\n        description: '{{ doc(\"missing\") }}'\n",
    });
    expect(project.nodes.get('a')?.description).toBe('The a model.');
    expect(project.errors[0]).toMatchObject({ file: 'models/schema.yml', line: 5, message: expect.stringMatching(/doc\('missing'\)/) });
  });

  it('reports a source glob that matches no file', async () => {
    const project = await load({
      'models/sources.yml': "sources:\n  - name: lake\n    tables:\n      - name: orders\n        meta:\n          external_location: \"read_csv('lake/*/orders.csv')\"\n",
    });
    expect(project.errors[0]).toMatchObject({ file: 'models/sources.yml', line: 4, message: expect.stringMatching(/^source lake.orders: 'lake\/\*\/orders.csv' matches no file/) });
  });

  it('says packages.yml declares packages that are not installed, naming assay deps', async () => {
    const project = await load({ 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.3\n' });
    expect(project.errors).toEqual([expect.objectContaining({ file: 'packages.yml', severity: 'error', message: 'packages.yml declares 1 dbt package(s), and none is installed in dbt_packages/: run assay deps' })]);
  });
});

describe('compiling models', () => {
  it('renders ref, var, config, macros, set and for loops', async () => {
    const project = await load({
      'dbt_project.yml': "name: demo\nvars:\n  min_id: 2\n",
      'macros/cents.sql': '{% macro to_dollars(col) %}({{ col }} / 100.0){% endmacro %}',
      'models/base.sql': 'select 1 as id, 250 as amount_cents',
      'models/final.sql': [
        "{{ config(materialized='table') }}",
        "{% set kinds = ['a', 'b'] %}",
        'select id, {{ to_dollars("amount_cents") }} as amount,',
        "{% for k in kinds %}'{{ k }}' as kind_{{ k }}{% if not loop.last %},{% endif %}{% endfor %}",
        "from {{ ref('base') }} where id >= {{ var('min_id') }}",
      ].join('\n'),
    });
    const { compiled } = compileProject(project);
    const node = compiled.nodes.get('final');
    expect(compiled.errors).toEqual([]);
    expect(node?.materialization).toBe('table');
    expect(node?.dependsOn).toEqual(['base']);
    expect(node?.sql).toContain('(amount_cents / 100.0) as amount');
    expect(node?.sql).toContain("'a' as kind_a,'b' as kind_b");
    expect(node?.sql).toContain('from "base" where id >= 2');
    expect(compiled.order.indexOf('base')).toBeLessThan(compiled.order.indexOf('final'));
  });

  it('inlines ephemeral models where they are referenced', async () => {
    const { compiled } = compileProject(await load({
      'models/eph.sql': "{{ config(materialized='ephemeral') }}select 1 as id",
      'models/user.sql': "select * from {{ ref('eph') }} e",
    }));
    expect(compiled.nodes.get('user')?.sql).toBe('select * from (\nselect 1 as id\n) e');
  });

  it('names an unknown ref() with file and line', async () => {
    const errors = await compileErrors({ 'models/a.sql': "select 1\nfrom {{ ref('nope') }}" });
    expect(errors).toEqual([expect.objectContaining({ file: 'models/a.sql', line: 2, node: 'a', message: "ref('nope') names no model or seed in this project" })]);
  });

  it('names an unknown source()', async () => {
    const errors = await compileErrors({ 'models/a.sql': "select * from {{ source('lake', 'x') }}" });
    expect(errors[0]?.message).toBe("source('lake', 'x') names no table declared under sources:");
  });

  it('names the cycle once, and still compiles the models outside it', async () => {
    const { compiled } = compileProject(await load({
      'models/a.sql': "select * from {{ ref('c') }}",
      'models/b.sql': "select * from {{ ref('a') }}",
      'models/c.sql': "select * from {{ ref('b') }}",
      'models/d.sql': 'select 1 as id',
      'models/e.sql': "select * from {{ ref('d') }}",
    }));
    expect(compiled.errors).toHaveLength(1);
    expect(compiled.errors[0]?.message).toMatch(/^ref\(\) cycle: (a → c → b → a|b → a → c → b|c → b → a → c)$/);
    expect(compiled.nodes.get('e')?.sql).toBe('select * from "d"');
    expect(compiled.order.indexOf('d')).toBeLessThan(compiled.order.indexOf('e'));
  });

  it('reports a Jinja syntax error at its line', async () => {
    const errors = await compileErrors({ 'models/a.sql': 'select 1\n{% if %}\n' });
    expect(errors[0]).toMatchObject({ file: 'models/a.sql', line: 2, node: 'a' });
  });

  it('reports a macro from an uninstalled package as unsupported, not as a crash', async () => {
    const errors = await compileErrors({ 'models/a.sql': "select\n  {{ dbt_utils.generate_surrogate_key(['a']) }} as k" });
    expect(errors[0]).toMatchObject({ file: 'models/a.sql', line: 2, message: expect.stringMatching(/'dbt_utils.generate_surrogate_key' is not defined/) });
  });

  it('refuses a model writing to a name another model owns', async () => {
    const errors = await compileErrors({
      'models/a.sql': 'select 1 as id',
      'models/b.sql': "{{ config(alias='a') }}select 2 as id",
    });
    expect(errors[0]).toMatchObject({ node: 'b', message: expect.stringMatching(/writes to 'a', which model 'a' .* already owns/) });
  });

  it('refuses a seed and a model with the same name', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/dup.sql': 'select 1', 'seeds/dup.csv': 'a\n1\n' });
    const loaded = await loadProject(root);
    expect(loaded.ok && loaded.project.errors[0]?.message).toMatch(/model 'dup' writes to the name 'dup' that seed seeds\/dup.csv already owns/);
  });
});
