/**
 * The PostgreSQL type a column read by DuckDB (a source's files, a seed's CSV) is loaded as. Nested
 * types (lists, structs, maps) are loaded as their JSON text in `jsonb`.
 */
export function postgresTypeOf(duckdbType: string): string {
  const type = duckdbType.trim().toUpperCase();
  const decimal = /^DECIMAL\((\d+),\s*(\d+)\)$/.exec(type);
  if (decimal) return `numeric(${decimal[1]}, ${decimal[2]})`;
  if (/\[\]$|^(STRUCT|MAP|LIST|UNION)\b/.test(type)) return 'jsonb';
  return SIMPLE[type] ?? 'text';
}

const SIMPLE: Record<string, string> = {
  BOOLEAN: 'boolean',
  TINYINT: 'smallint',
  SMALLINT: 'smallint',
  INTEGER: 'integer',
  BIGINT: 'bigint',
  HUGEINT: 'numeric(38, 0)',
  UTINYINT: 'smallint',
  USMALLINT: 'integer',
  UINTEGER: 'bigint',
  UBIGINT: 'numeric(20, 0)',
  FLOAT: 'real',
  DOUBLE: 'double precision',
  VARCHAR: 'text',
  DATE: 'date',
  TIME: 'time',
  TIMESTAMP: 'timestamp',
  'TIMESTAMP WITH TIME ZONE': 'timestamptz',
  INTERVAL: 'interval',
  UUID: 'uuid',
  BLOB: 'bytea',
  JSON: 'jsonb',
};
