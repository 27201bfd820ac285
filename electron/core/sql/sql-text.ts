/**
 * Writing SQL text. Only for what Assay itself puts into SQL (names, paths it chose, values written
 * in the project's YAML); values coming from users at run time are bound as parameters instead.
 */

/** A double-quoted identifier: `"dim customer"`. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A single-quoted string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A YAML value as a SQL literal: numbers and booleans as themselves, NULL, everything else a string. */
export function sqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return sqlString(String(value));
}
