import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { installPackages } from '../../electron/core/dbt/packages/install-packages.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { corpusRoot } from '../compat/corpus.js';
import { writeTempProject } from '../helpers/temp-project.js';

async function compile(files: Record<string, string>, vars?: Record<string, unknown>) {
  const root = await writeTempProject(files);
  const loaded = await loadProject(root, { vars });
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  return { project: loaded.project, ...compileProject(loaded.project) };
}

const project = (extra = '') => ({ 'dbt_project.yml': `name: shop\nversion: 1\n${extra}` });
/** The real dbt packages of the corpus, read in place as the project's packages-install-path. */
const corpusPackages = `packages-install-path: ${JSON.stringify(path.join(corpusRoot, 'packages'))}\n`;

describe('a dbt project with its packages compiles as under dbt', () => {
  it('calls macros of the real dbt_utils and dbt_date packages, which dispatch to dbt cross-database macros', async () => {
    const { compiled } = await compile({
      ...project(corpusPackages),
      'models/keys.sql': "select {{ dbt_utils.generate_surrogate_key(['a', 'b']) }} as k, {{ dbt_utils.safe_add(['x', 'y']) }} as s from t",
      'models/dates.sql': "{{ dbt_date.get_base_dates(start_date='2024-01-01', end_date='2024-02-01') }}",
    });
    expect(compiled.errors.filter((e) => e.severity === 'error')).toEqual([]);
    expect(compiled.nodes.get('keys')?.sql).toMatch(/md5\(cast\(coalesce\(cast\(a as TEXT\), '_dbt_utils_surrogate_key_null_'\) \|\| '-' \|\| coalesce\(cast\(b as TEXT\)/);
    expect(compiled.nodes.get('dates')?.sql).toMatch(/date_day/);
  });

  it('runs a package generic test with its arguments and the project`s own {% test %}', async () => {
    const { project: loaded, compiled } = await compile({
      ...project(corpusPackages),
      'models/orders.sql': 'select 1 as id, 5 as amount',
      'macros/positive.sql': '{% test positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}',
      'models/schema.yml': [
        'models:',
        '  - name: orders',
        '    data_tests:',
        '      - dbt_utils.expression_is_true:',
        '          arguments:',
        '            expression: "amount > 0"',
        '    columns:',
        '      - name: amount',
        '        tests: [positive, nonexistent_kind]',
      ].join('\n'),
    });
    const tests = Object.fromEntries(loaded.tests.map((t) => [t.kind, t]));
    expect(tests['dbt_utils.expression_is_true']).toMatchObject({ args: { expression: 'amount > 0' }, sql: expect.stringContaining('dbt_utils.test_expression_is_true') });
    expect(tests['dbt_utils.expression_is_true']?.problem).toBeUndefined();
    expect(tests.positive).toMatchObject({ column: 'amount', sql: expect.stringContaining('test_positive') });
    expect(tests.positive?.problem).toBeUndefined();
    expect(tests.nonexistent_kind?.problem).toMatch(/unknown test kind 'nonexistent_kind'/);
    expect(compiled.errors).toEqual([expect.objectContaining({ file: 'models/schema.yml', line: 9, message: expect.stringMatching(/nonexistent_kind/) })]);
  });
});

describe('dbt project semantics', () => {
  it('a source without external_location reads the seed that writes its table, and its tests run there', async () => {
    const { project: loaded, compiled } = await compile({
      ...project("seeds:\n  shop:\n    +schema: raw\n"),
      'seeds/raw_customers.csv': 'id\n1\n',
      'models/sources.yml': 'sources:\n  - name: ecom\n    schema: raw\n    tables:\n      - name: raw_customers\n        tests: [{row_count: {min: 1}}]\n',
      'models/stg.sql': "select * from {{ source('ecom', 'raw_customers') }}",
    });
    expect(compiled.nodes.get('stg')).toMatchObject({ dependsOn: ['raw_customers'], sql: 'select * from "main_raw"."raw_customers"' });
    expect(compiled.nodes.has('source:ecom.raw_customers')).toBe(false);
    expect(loaded.tests[0]).toMatchObject({ node: 'raw_customers', stage: 'input' });
  });

  it('a source naming a table nothing writes is an error at its line', async () => {
    const { compiled } = await compile({ ...project(), 'models/sources.yml': 'sources:\n  - name: ecom\n    tables:\n      - name: orders\n', 'models/a.sql': "select * from {{ source('ecom', 'orders') }}" });
    expect(compiled.errors).toEqual([expect.objectContaining({ file: 'models/sources.yml', line: 4, message: expect.stringMatching(/names table ecom.orders, which no seed or model of the project writes/) })]);
  });

  it('a Python model is a node that fails with the reason, and what reads it is not broken', async () => {
    const { compiled } = await compile({ ...project(), 'models/py_input.py': 'import polars\n\ndef model(dbt, session):\n    return None\n', 'models/after.sql': "select * from {{ ref('py_input') }}" });
    expect(compiled.nodes.get('py_input')?.error).toMatchObject({ file: 'models/py_input.py', line: 3, message: expect.stringMatching(/Python models need a Python runtime; Assay runs SQL models/) });
    expect(compiled.nodes.get('after')?.error).toBeUndefined();
    expect(compiled.nodes.get('after')?.dependsOn).toEqual(['py_input']);
  });

  it('renders Jinja in dbt_project.yml configs, with --vars winning, and drops disabled nodes with a warning', async () => {
    const files = { ...project("models:\n  shop:\n    extra:\n      +enabled: \"{{ var('with_extra', false) }}\"\n"), 'models/extra/x.sql': 'select 1 as id', 'models/extra/schema.yml': 'models:\n  - name: x\n    tests: [{row_count: {min: 1}}]\n' };
    const off = await compile(files);
    expect(off.compiled.nodes.has('x')).toBe(false);
    expect(off.compiled.errors).toEqual([expect.objectContaining({ severity: 'warning', message: "model 'x' is disabled (enabled: false): it is not built, and its 1 test(s) are not run" })]);
    const on = await compile(files, { with_extra: true });
    expect(on.compiled.nodes.has('x')).toBe(true);
    expect(on.project.tests).toHaveLength(1);
  });

  it('Jinja in dbt_project.yml that does not render is an error naming the line', async () => {
    const { compiled } = await compile({ ...project("models:\n  shop:\n    +tags: \"{{ var('undefined_var') }}\"\n"), 'models/a.sql': 'select 1' });
    expect(compiled.errors).toEqual([expect.objectContaining({ file: 'dbt_project.yml', line: 5, message: expect.stringMatching(/var\('undefined_var'\) is not set/) })]);
  });

  it('reads source files relative to the repository root when the project sits in a sub-folder, as dbt run from there does', async () => {
    const repo = await writeTempProject({
      'data/returns.csv': 'id\n1\n2\n',
      'dbt_project/dbt_project.yml': 'name: shop\n',
      'dbt_project/models/sources.yml': "sources:\n  - name: files\n    tables:\n      - name: returns\n        meta: {external_location: \"read_csv('data/returns.csv')\"}\n",
      'dbt_project/models/r.sql': "select * from {{ source('files', 'returns') }}",
    });
    execFileSync('git', ['init', '-q'], { cwd: repo });
    const loaded = await loadProject(path.join(repo, 'dbt_project'));
    if (!loaded.ok) throw new Error('load failed');
    expect(loaded.project.errors).toEqual([]);
    const source = loaded.project.nodes.get('source:files.returns');
    expect(source?.kind === 'source' && [source.relation, source.fileGlobs]).toEqual(["read_csv('../data/returns.csv')", ['../data/returns.csv']]);
  });

  it('warns, naming file and line, about what it declares that Assay does not run yet', async () => {
    const { compiled } = await compile({
      ...project(),
      'models/a.sql': 'select 1 as id',
      'models/schema.yml': [
        'models:',
        '  - name: a',
        '    contract: {enforced: true}',
        'semantic_models:',
        '  - name: orders',
      ].join('\n'),
    });
    const warnings = compiled.errors.filter((e) => e.severity === 'warning').map((e) => [e.file, e.line, e.message.split(':')[0]]);
    // Contracts are enforced (test/contracts/); one written outside `config:` would not be, and says so.
    expect(warnings).toEqual(expect.arrayContaining([
      ['models/schema.yml', 4, 'semantic_models'],
      ['models/schema.yml', 3, "model 'a'"],
    ]));
    expect(compiled.errors.filter((e) => e.severity === 'error')).toEqual([]);
  });

  it('refuses to compile on packages that are missing or out of date with the lock, naming assay deps', async () => {
    const helpers = await writeTempProject({ 'dbt_project.yml': 'name: helpers\n', 'macros/one.sql': '{% macro one() %}1{% endmacro %}' });
    const declare = (...locals: string[]) => `packages:\n${locals.map((l) => `  - local: ${JSON.stringify(l)}\n`).join('')}`;
    const root = await writeTempProject({ ...project(), 'packages.yml': declare(helpers), 'models/a.sql': 'select {{ helpers.one() }} as x' });
    const missing = await loadProject(root);
    expect(missing.ok && missing.project.errors).toEqual([expect.objectContaining({ file: 'packages.yml', message: 'packages.yml declares 1 dbt package(s), and none is installed in dbt_packages/: run assay deps' })]);
    await installPackages({ projectRoot: root });
    const installed = await loadProject(root);
    expect(installed.ok && installed.project.errors).toEqual([]);
    await writeFile(path.join(root, 'packages.yml'), declare(helpers, '../elsewhere'));
    const stale = await loadProject(root);
    expect(stale.ok && stale.project.errors).toEqual([expect.objectContaining({ message: 'packages.yml changed since package-lock.yml was written: run assay deps to install what it declares now' })]);
  });

  it('compiles analyses against the project, never building them; one that does not compile is an error', async () => {
    const { compiled } = await compile({
      ...project(),
      'models/orders.sql': 'select 1 as id',
      'analyses/big_orders.sql': "select * from {{ ref('orders') }} where id > {{ var('threshold', 0) }}",
      'analyses/broken.sql': "select * from {{ ref('nope') }}",
    });
    expect(compiled.analyses).toEqual([
      { name: 'big_orders', file: 'analyses/big_orders.sql', sql: 'select * from "orders" where id > 0' },
      { name: 'broken', file: 'analyses/broken.sql', error: expect.objectContaining({ line: 1, message: "ref('nope') names no model or seed in this project" }) },
    ]);
    expect(compiled.nodes.has('big_orders')).toBe(false);
    expect(compiled.errors).toEqual([expect.objectContaining({ file: 'analyses/broken.sql' })]);
  });

  it("warns when require-dbt-version excludes the dbt whose semantics Assay follows", async () => {
    const newer = await compile({ ...project('require-dbt-version: ">=2.0.0"\n'), 'models/a.sql': 'select 1' });
    expect(newer.compiled.errors).toEqual([expect.objectContaining({ file: 'dbt_project.yml', severity: 'warning', message: expect.stringMatching(/^project shop requires dbt >=2.0.0; Assay follows dbt 1.10.5/) })]);
    const fine = await compile({ ...project(`require-dbt-version: [">=1.5.0", "<2.0.0"]\n${corpusPackages}`), 'models/a.sql': 'select 1' });
    expect(fine.compiled.errors).toEqual([]);
  });
});
