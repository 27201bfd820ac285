/** A SQL string literal. Only for values Assay itself produces (paths it chose); user values are bound as parameters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
