import type { UnitTestOutcome } from '../../../shared/test-types.js';

type Row = Record<string, string | null>;

const shown = (value: string | null | undefined) => (value === null || value === undefined ? 'NULL' : value);
const rowText = (row: Row, columns: string[]) => columns.map((c) => `${c}=${shown(row[c])}`).join(', ');

/**
 * A unit test's failure in plain lines (the command line and Markdown): each paired row with its
 * differing cells as `expected → actual`, then rows missing and rows nobody expected.
 */
export function unitDiffLines(unit: UnitTestOutcome, limit = 10): string[] {
  const lines = unit.mismatched.slice(0, limit).map((pair) => {
    const key = Object.entries(pair.key).map(([c, v]) => `${c}=${shown(v as string | null)}`).join(', ');
    const cells = pair.changed.map((c) => `${c}: ${shown(pair.base?.[c] as string | null)} expected, ${shown(pair.compare?.[c] as string | null)} returned`).join('; ');
    return `row${key ? ` ${key}` : ''}: ${cells}`;
  });
  lines.push(...unit.missing.slice(0, limit).map((row) => `missing: ${rowText(row, unit.columns)}`));
  lines.push(...unit.unexpected.slice(0, limit).map((row) => `unexpected: ${rowText(row, unit.columns)}`));
  const total = unit.mismatched.length + unit.missing.length + unit.unexpected.length;
  if (total > lines.length) lines.push(`… ${total - lines.length} more`);
  return lines;
}
