import { describe, expect, it } from 'vitest';
import type { AdapterType } from '../../electron/core/dbt/adapter-type.js';
import { Relation } from '../../electron/core/dbt/context/relation.js';
import { DbtRuntime, type RuntimeOptions } from '../../electron/core/dbt/dbt-runtime.js';

/** Renders `template` as a model of a project compiled for `adapter`, or throws with the error. */
function sql(adapter: AdapterType, template: string, options: Partial<RuntimeOptions> = {}): string {
  const runtime = new DbtRuntime({ projectName: 'demo', macros: [], target: { type: adapter }, ...options });
  expect(runtime.errors).toEqual([]);
  const outcome = runtime.render({
    file: 'models/m.sql',
    template,
    name: 'm',
    resourceType: 'model',
    config: { materialized: 'table' },
    thisRelation: new Relation({ schema: 'main', identifier: 'm', type: 'table' }),
    isIncremental: false,
    resolveRef: () => undefined,
    resolveSource: () => undefined,
  });
  if (!outcome.ok) throw new Error(outcome.error.message);
  return outcome.sql;
}

const macroFile = (text: string) => [{ file: 'macros/m.sql', text }];

describe('the engine a project is compiled for', () => {
  it('is target.type and adapter.type(); DuckDB by default', () => {
    expect(sql('postgres', '{{ target.type }} {{ adapter.type() }}')).toBe('postgres postgres');
    expect(sql('duckdb', '{{ target.type }} {{ adapter.type() }}')).toBe('duckdb duckdb');
    expect(new DbtRuntime({ projectName: 'demo', macros: [] }).render({
      file: 'models/m.sql', template: '{{ adapter.type() }}', name: 'm', resourceType: 'model', config: {}, isIncremental: false,
      thisRelation: new Relation({}), resolveRef: () => undefined, resolveSource: () => undefined,
    })).toMatchObject({ ok: true, sql: 'duckdb' });
  });

  it('adapter.dispatch takes postgres__ then default__ on PostgreSQL, never duckdb__', () => {
    const macros = macroFile(
      "{% macro money(c) %}{{ return(adapter.dispatch('money')(c)) }}{% endmacro %}" +
        '{% macro default__money(c) %}default {{ c }}{% endmacro %}{% macro duckdb__money(c) %}duckdb {{ c }}{% endmacro %}{% macro postgres__money(c) %}postgres {{ c }}{% endmacro %}' +
        "{% macro only(c) %}{{ return(adapter.dispatch('only')(c)) }}{% endmacro %}{% macro default__only(c) %}default {{ c }}{% endmacro %}{% macro duckdb__only(c) %}duckdb {{ c }}{% endmacro %}",
    );
    expect(sql('postgres', "{{ money('x') }} | {{ only('y') }}", { macros })).toBe('postgres x | default y');
    expect(sql('duckdb', "{{ money('x') }} | {{ only('y') }}", { macros })).toBe('duckdb x | duckdb y');
  });

  it('a dispatch that finds nothing says what it searched for the target', () => {
    expect(() => sql('postgres', "{{ adapter.dispatch('nothing', 'demo')() }}")).toThrow(/searched demo.postgres__nothing, demo.default__nothing$/);
  });

  it("dbt's cross-database macros render the target's SQL, unprefixed, under dbt. and through dispatch", () => {
    const template = "{{ dateadd('day', 1, 'd') }} | {{ dbt.any_value('x') }} | {{ adapter.dispatch('listagg', 'dbt')('x', \"','\", 'order by x', 2) }}";
    expect(sql('postgres', template)).toBe("(d + ((interval '1 day') * (1))) | min(x) | array_to_string((array_agg(x order by x))[1:2], ',')");
    expect(sql('duckdb', template)).toBe("(d + cast(1 as bigint) * interval 1 day) | arbitrary(x) | list_aggr((array_agg(x order by x))[1:2], 'string_agg', ',')");
  });

  it('a date part PostgreSQL has no form for is a compile error naming the macro and the target', () => {
    expect(() => sql('postgres', "{{ dbt.datediff('a', 'b', 'isoweek') }}")).toThrow("datediff(): datepart 'isoweek' is not one of year, quarter, month, week, day, hour, minute, second, millisecond, microsecond on target type 'postgres'");
    expect(() => sql('postgres', "{{ dbt.dateadd('fortnight', 1, 'd') }}")).toThrow(/dateadd\(\): 'fortnight' is not an interval unit .* on target type 'postgres'/);
  });

  it("Assay's DuckDB versions of package macros are not given to packages on PostgreSQL", () => {
    const dbtUtils = { name: 'dbt_utils', macros: [{ file: 'dbt_packages/dbt_utils/macros/t.sql', text: "{% macro get_tables_by_pattern_sql() %}{{ return(adapter.dispatch('get_tables_by_pattern_sql', 'dbt_utils')()) }}{% endmacro %}{% macro default__get_tables_by_pattern_sql() %}information_schema{% endmacro %}{% macro get_table_types_sql() %}t{% endmacro %}" }] };
    expect(sql('postgres', '{{ dbt_utils.get_tables_by_pattern_sql() }}', { packages: [dbtUtils] })).toBe('information_schema');
    expect(sql('duckdb', '{{ dbt_utils.get_tables_by_pattern_sql() }}', { packages: [dbtUtils] })).toContain('from system.information_schema.tables');
  });
});
