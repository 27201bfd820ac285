/** How one value of a previewed row reads in a table cell. */
export function formatCell(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e6) / 1e6);
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Numbers read best right-aligned; DuckDB's numeric type names all contain one of these words. */
export function isNumericType(type: string): boolean {
  return /INT|DECIMAL|NUMERIC|DOUBLE|FLOAT|REAL|HUGEINT/i.test(type);
}

/** A column wide enough for its header, capped so that one long text column does not push the others off screen. */
export function columnWidth(name: string, type: string): number {
  return Math.min(320, Math.max(96, Math.max(name.length, type.length) * 8 + 28));
}
