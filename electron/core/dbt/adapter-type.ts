/** The engines Assay renders SQL for: a project's models run on DuckDB locally, or on a PostgreSQL warehouse target. */
export type AdapterType = 'duckdb' | 'postgres';
