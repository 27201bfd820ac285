/** What a DuckDB column type allows to be proposed on it. */
export type ColumnKind = 'integer' | 'decimal' | 'float' | 'text' | 'boolean' | 'temporal' | 'other';

export function columnKind(type: string): ColumnKind {
  const t = type.toUpperCase();
  if (/^U?(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT)$/.test(t)) return 'integer';
  if (/^DECIMAL/.test(t)) return 'decimal';
  if (/^(FLOAT|DOUBLE|REAL)$/.test(t)) return 'float';
  if (/^(VARCHAR|ENUM)/.test(t)) return 'text';
  if (t === 'BOOLEAN') return 'boolean';
  if (/^(DATE|TIMESTAMP)/.test(t)) return 'temporal';
  return 'other';
}

export function isNumberKind(kind: ColumnKind): boolean {
  return kind === 'integer' || kind === 'decimal' || kind === 'float';
}

/** Names that say "a key": their ranges mean nothing, their values are what other tables point at. */
export function looksLikeKey(column: string): boolean {
  return /(^|_)(id|key|sk|code)$/i.test(column);
}
