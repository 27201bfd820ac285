import type { MacroFile } from '../dbt-runtime.js';

/**
 * DuckDB implementations Assay gives package macros whose `default__` SQL DuckDB cannot run, the
 * way an adapter shim package (spark_utils, tsql_utils) would. Each is added to the package's
 * namespace as `duckdb__X`, only when the package has none: dispatch then finds the project's own
 * override first, then this, before the package's `default__X`.
 *
 * dbt_utils' `get_tables_by_pattern_sql` reads `<database>.information_schema.tables`. Since
 * DuckDB 1.2, `information_schema` lives only in the `system` catalog (duckdb/duckdb#15286), so
 * that name fails, under dbt-duckdb too; `get_relations_by_pattern`/`_prefix` and codegen's
 * `generate_source` go through it. Assay's `target.database` names no catalog (an environment's
 * catalog is named by its file), so the target's database means the one the SQL runs in.
 */
const dbtUtils: MacroFile = {
  file: '(Assay: DuckDB implementations for dbt_utils)',
  text: `{% macro duckdb__get_tables_by_pattern_sql(schema_pattern, table_pattern, exclude='', database=target.database) %}
        select distinct
            table_schema as {{ adapter.quote('table_schema') }},
            table_name as {{ adapter.quote('table_name') }},
            {{ dbt_utils.get_table_types_sql() }}
        from system.information_schema.tables
        where table_catalog = {{ 'current_database()' if database == target.database else "'" ~ database ~ "'" }}
        and table_schema ilike '{{ schema_pattern }}'
        and table_name ilike '{{ table_pattern }}'
        and table_name not ilike '{{ exclude }}'
{% endmacro %}
`,
};

/** The macros a package gets, by package name, and the names they define. */
export const duckdbPackageMacros: Record<string, { defines: string[]; file: MacroFile }> = {
  dbt_utils: { defines: ['duckdb__get_tables_by_pattern_sql'], file: dbtUtils },
};
