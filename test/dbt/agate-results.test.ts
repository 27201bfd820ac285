import { describe, expect, it } from 'vitest';
import { AgateTable } from '../../electron/core/dbt/context/agate-table.js';
import { Relation } from '../../electron/core/dbt/context/relation.js';
import { DbtRuntime } from '../../electron/core/dbt/dbt-runtime.js';

/** Renders `template` as a model while executing, every run_query answering `table`. */
function render(template: string, table = new AgateTable(['city', 'n'], [['Lyon', 1], ['Paris', 2]])) {
  const runtime = new DbtRuntime({ projectName: 'demo', macros: [] });
  const introspection = { relation: () => null, columns: () => [], query: () => table };
  const outcome = runtime.render({
    file: 'models/m.sql', template, name: 'm', resourceType: 'model', config: {}, isIncremental: false, execute: true, introspection,
    thisRelation: new Relation({ identifier: 'm' }), resolveRef: () => undefined, resolveSource: () => undefined,
  });
  return outcome.ok ? outcome.sql : `error at line ${outcome.error.line}: ${outcome.error.message}`;
}

describe('run_query results read as agate tables', () => {
  it.each([
    ['columns by position and by name', "{{ r.columns[0].values() | join(',') }} {{ r.columns['n'].values() | join(',') }} {{ r.columns | map(attribute='name') | join(',') }}", 'Lyon,Paris 1,2 city,n'],
    ['columns.items() and keys()', "{% for name, column in r.columns.items() %}{{ name }}={{ column.values() | length }};{% endfor %} {{ r.columns.keys() | join(',') }}", 'city=2;n=2; city,n'],
    ['a table iterates as its rows; a row by name, attribute or position', "{% for row in r %}{{ row.city }}/{{ row['n'] }}/{{ row[0] }} {% endfor %}", 'Lyon/1/Lyon Paris/2/Paris '],
    ['rows count as items', "{{ r | length }} {{ r.rows | length }} {{ len(r.rows) }} {{ r.rows | map(attribute='city') | join(',') }}", '2 2 2 Lyon,Paris'],
    ['load_result data is plain lists', "{% call statement('q', fetch_result=True) %}select 1{% endcall %}{{ load_result('q')['data'] | map(attribute=1) | join(',') }}", '1,2'],
  ])('%s', (_, template, expected) => {
    expect(render(`{% set r = run_query('select 1') %}${template}`)).toBe(expected);
  });

  it('an empty table is false in an if, as in Python', () => {
    expect(render("{% if run_query('select 1') %}rows{% else %}none{% endif %}", new AgateTable(['x'], []))).toBe('none');
  });
});

describe('a backslash at the end of a line inside a string', () => {
  it('continues the string without the newline, and later lines keep their numbers', () => {
    expect(render("{% set m = 'one \\\ntwo' %}{{ m }}")).toBe('one two');
    expect(render("{% set m = 'one \\\ntwo' %}\n{{ no_such_macro() }}")).toMatch(/^error at line 3: 'no_such_macro' is not defined/);
  });
});
