import { describe, expect, it } from 'vitest';
import { Relation } from '../../electron/core/dbt/context/relation.js';
import { DbtRuntime, type MacroFile, type RenderOutcome } from '../../electron/core/dbt/dbt-runtime.js';

/** Renders `template` as a model `m` of a project whose macros are `macros` (file → text). */
function render(template: string, macros: Record<string, string> = {}, options: Partial<ConstructorParameters<typeof DbtRuntime>[0]> = {}): RenderOutcome {
  const files: MacroFile[] = Object.entries(macros).map(([file, text]) => ({ file, text }));
  const runtime = new DbtRuntime({ projectName: 'demo', macros: files, ...options });
  expect(runtime.errors).toEqual([]);
  return runtime.render({
    file: 'models/m.sql',
    template,
    name: 'm',
    resourceType: 'model',
    config: { materialized: 'table' },
    thisRelation: new Relation({ schema: 'main', identifier: 'm', type: 'table' }),
    isIncremental: false,
    resolveRef: (name) => (name === 'orders' ? new Relation({ schema: 'main', identifier: 'orders', type: 'table' }) : undefined),
    resolveSource: () => undefined,
  });
}

function sql(template: string, macros: Record<string, string> = {}, options: Partial<ConstructorParameters<typeof DbtRuntime>[0]> = {}): string {
  const outcome = render(template, macros, options);
  if (!outcome.ok) throw new Error(`${outcome.error.file}:${outcome.error.line}: ${outcome.error.message}`);
  return outcome.sql;
}

describe('the dbt Jinja runtime renders what dbt projects write', () => {
  it.each([
    ['trailing commas in calls, lists and dicts', "{{ [1, 2,] }} {{ {'a': 1,} }} {{ dict(a=1,) }}", "[1, 2] {'a': 1} {'a': 1}"],
    ['{% do %} with a list that grows', '{% set xs = [] %}{% do xs.append(1) %}{% do xs.extend([2, 3]) %}{{ xs | join(",") }}', '1,2,3'],
    ['*args and **kwargs in calls', "{% macro m(a, b=2, c=3) %}{{ a }}{{ b }}{{ c }}{% endmacro %}{% set kw = {'c': 9} %}{{ m(*[1, 5], **kw) }}", '159'],
    ['varargs and kwargs inside a macro', '{% macro m(a) %}{{ a }}|{{ varargs }}|{{ kwargs }}{% endmacro %}{{ m(1, 2, 3, x=4) }}', "1|[2, 3]|{'x': 4}"],
    ['.items() and loop variables', "{% for k, v in {'a': 1, 'b': 2}.items() %}{{ k }}={{ v }}{{ ',' if not loop.last }}{% endfor %}", 'a=1,b=2'],
    ['Python string methods', "{{ 'Abc'.upper() }} {{ 'a,b'.split(',') | length }} {{ ' x '.strip() }} {{ '{}-{}'.format(1, 2) }} {{ 'ab'.startswith('a') }}", 'ABC 2 x 1-2 True'],
    ['% formatting', "{{ '%s and %d' % ('a', 3) }}", 'a and 3'],
    ['namespace() mutated in a loop', '{% set ns = namespace(total=0) %}{% for i in range(4) %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}', '6'],
    ['{% call %} with caller(args)', '{% macro wrap() %}[{{ caller(7) }}]{% endmacro %}{% call(v) wrap() %}v={{ v }}{% endcall %}', '[v=7]'],
    ['{% filter %} blocks and is tests', '{% filter upper %}abc{% endfilter %} {{ none is none }} {{ 3 is number }} {{ x is defined }}', 'ABC True True False'],
    ['whitespace control', '{%- set y = "a" -%}\n   {{- y -}}   \n!', 'a!'],
    ['{% raw %} blocks', '{% raw %}{{ kept }}{% endraw %}', '{{ kept }}'],
    ['{% set %} blocks', '{% set body %}select {{ 1 + 1 }}{% endset %}{{ body | trim }}', 'select 2'],
    ['Python escapes kept in strings', "{{ '\\s+\\d' }}", '\\s+\\d'],
    ['tojson / fromjson / fromyaml / local_md5', "{{ tojson({'a': [1]}) }} {{ fromjson('[1, 2]')[1] }} {{ fromyaml('a: 3')['a'] }} {{ local_md5('x') }}", '{"a":[1]} 2 3 9dd4e461268c8034f5c8564e155c67a6'],
    ['zip, set and selectattr', "{{ zip([1, 2], ['a', 'b']) | list | length }} {{ set([1, 1, 2]) | length }} {{ [{'n': 1}, {'n': 0}] | selectattr('n') | list | length }}", '2 2 1'],
  ])('%s', (_name, template, expected) => {
    expect(sql(template)).toBe(expected);
  });

  it('returns values from macros with return(), in {{ }} and in {% do %}', () => {
    const macros = { 'macros/m.sql': "{% macro cols() %}{{ return(['a', 'b']) }}{% endmacro %}{% macro first() %}{% do return(cols()[0]) %}never{% endmacro %}" };
    expect(sql('{{ cols() | join(",") }} {{ first() }}', macros)).toBe('a,b a');
  });

  it('runs the project macros, dbt context and cross-database macros together', () => {
    const macros = { 'macros/cents.sql': '{% macro cents_to_dollars(col) %}({{ col }} / 100)::{{ dbt.type_numeric() }}{% endmacro %}' };
    expect(sql("select {{ cents_to_dollars('amount') }}, {{ dbt.date_trunc('month', 'd') }} from {{ ref('orders') }}", macros)).toBe(
      'select (amount / 100)::numeric(28,6), date_trunc(\'month\', d) from "orders"',
    );
  });

  it('dispatches with dbt search order and the project dispatch: config', () => {
    const macros = {
      'macros/a.sql': "{% macro money(c) %}{{ return(adapter.dispatch('money')(c)) }}{% endmacro %}{% macro default__money(c) %}default {{ c }}{% endmacro %}{% macro duckdb__money(c) %}duckdb {{ c }}{% endmacro %}{% macro default__only(c) %}only {{ c }}{% endmacro %}",
    };
    expect(sql("{{ money('x') }} {{ adapter.dispatch('only')('y') }}", macros)).toBe('duckdb x only y');
    const pkg = { name: 'pkg', macros: [{ file: 'dbt_packages/pkg/macros/p.sql', text: "{% macro p() %}{{ return(adapter.dispatch('p', 'pkg')()) }}{% endmacro %}{% macro default__p() %}package{% endmacro %}" }] };
    expect(sql('{{ pkg.p() }}', { 'macros/override.sql': '{% macro default__p() %}project{% endmacro %}' }, { packages: [pkg] })).toBe('project');
    expect(sql('{{ pkg.p() }}', {}, { packages: [pkg] })).toBe('package');
    expect(sql('{{ pkg.p() }}', { 'macros/override.sql': '{% macro default__p() %}project{% endmacro %}' }, { packages: [pkg], dispatch: [{ macro_namespace: 'pkg', search_order: ['pkg'] }] })).toBe('package');
  });

  it('gives templates config, this, target, var with package scope, env_var and run_started_at', () => {
    const out = sql(
      "{{ config(materialized='incremental', unique_key='id') }}{{ config.get('unique_key') }} {{ this }} {{ this.identifier }} {{ target.type }} {{ var('x') }} {{ var('scoped') }} {{ var('missing', 'dflt') }} {{ env_var('ASSAY_TEST_VALUE', 'none-set') }} {{ run_started_at.strftime('%Y') | length }} {{ modules.datetime.timedelta(days=1).days }}",
      {},
      { vars: { x: 1, pkg: { scoped: 'yes' } } },
    );
    expect(out).toBe('id "m" m duckdb 1 yes dflt none-set 4 1');
  });

  it('refuses secret env vars in models', () => {
    const outcome = render("{{ env_var('DBT_ENV_SECRET_TOKEN', 'x') }}");
    expect(outcome.ok || outcome.error.message).toMatch(/secret environment variables .* only be used in profiles.yml and packages.yml/);
  });

  it('writes {% test %} blocks as test_<name> macros', () => {
    const macros = { 'macros/positive.sql': '{% test is_positive(model, column_name) %}select * from {{ model }} where {{ column_name }} <= 0{% endtest %}' };
    expect(sql("{{ test_is_positive(ref('orders'), 'amount') }}", macros)).toBe('select * from "orders" where amount <= 0');
  });
});

describe('bad templates are errors naming the file, line and cause', () => {
  it('a syntax error, at its line', () => {
    const outcome = render('select 1\n\n{{ foo( }}\n');
    expect(outcome.ok ? null : outcome.error).toMatchObject({ file: 'models/m.sql', line: 3, message: expect.stringMatching(/syntax error/) });
  });

  it('an unclosed block, at the line that opened it', () => {
    const outcome = render('select 1\n{% if true %}\nx\n');
    expect(outcome.ok ? null : outcome.error).toMatchObject({ line: 2, message: expect.stringMatching(/never closed.*endif/) });
  });

  it('a macro that recurses forever, naming the macro', () => {
    const outcome = render('select\n{{ forever(1) }}', { 'macros/loop.sql': '{% macro forever(n) %}\n{{ forever(n + 1) }}\n{% endmacro %}' });
    expect(outcome.ok ? null : outcome.error).toMatchObject({ file: 'models/m.sql', line: 2, message: expect.stringMatching(/macro 'forever' recurses without end/) });
  });

  it('return() outside a macro', () => {
    const outcome = render('select\n{{ return(1) }}');
    expect(outcome.ok ? null : outcome.error).toMatchObject({ line: 2, message: 'return() can only be used inside a macro' });
  });

  it('adapter.dispatch to a macro that exists for no adapter', () => {
    const outcome = render("{{ adapter.dispatch('nothing', 'demo')() }}");
    expect(outcome.ok ? null : outcome.error.message).toMatch(/adapter.dispatch found no macro named 'nothing'.*searched demo.duckdb__nothing, demo.default__nothing/);
  });

  it('an error inside a macro names the model line and the macro line', () => {
    const outcome = render('select\n  {{ broken() }}', { 'macros/b.sql': "{% macro broken() %}\n  {{ exceptions.raise_compiler_error('bad input') }}\n{% endmacro %}" });
    expect(outcome.ok ? null : outcome.error).toMatchObject({ file: 'models/m.sql', line: 2, message: "Compilation Error: bad input (at macros/b.sql:2, in macro 'broken')" });
  });

  it('a call to something undefined names it', () => {
    const outcome = render("select {{ dbt_utils.star(ref('orders')) }}");
    expect(outcome.ok ? null : outcome.error.message).toMatch(/'dbt_utils.star' is not defined/);
  });

  it('a macro file that does not parse is reported with its line, and the others still load', () => {
    const runtime = new DbtRuntime({ projectName: 'demo', macros: [{ file: 'macros/bad.sql', text: '{% macro a() %}\n{{ a( }}\n{% endmacro %}' }, { file: 'macros/good.sql', text: '{% macro b() %}ok{% endmacro %}' }] });
    expect(runtime.errors).toEqual([expect.objectContaining({ file: 'macros/bad.sql', line: 2 })]);
    expect(runtime.macros.find('b')).toBeDefined();
  });

  it('a custom materialization is reported by name as unsupported', () => {
    const runtime = new DbtRuntime({ projectName: 'demo', macros: [{ file: 'macros/mat.sql', text: "\n{% materialization fancy, adapter='duckdb' %}{{ return({}) }}{% endmaterialization %}" }] });
    expect(runtime.errors).toEqual([expect.objectContaining({ file: 'macros/mat.sql', line: 2, severity: 'warning', message: expect.stringMatching(/custom materialization 'fancy' is not supported/) })]);
  });
});
