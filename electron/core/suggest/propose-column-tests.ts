import type { ModelProfile, ProfiledColumn, SuggestedTest } from '../../../shared/suggest-types.js';
import { columnKind, isNumberKind, looksLikeKey } from './column-kind.js';
import type { AlreadyDeclared } from './declared-tests.js';
import { roundedRange } from './range-bounds.js';
import { formatCount, suggestion } from './suggestion.js';

/** not_null, unique, accepted_values and range, each from what the profile saw in the column. */
export function proposeColumnTests(profile: ModelProfile, declared: AlreadyDeclared): SuggestedTest[] {
  const rows = profile.rows;
  if (rows === 0) return [];
  return profile.columns.flatMap((column) => {
    const out: SuggestedTest[] = [];
    const add = (test: SuggestedTest) => {
      if (!declared(test.kind, column.name)) out.push(test);
    };
    const kind = columnKind(column.type);
    const nonNull = rows - column.nulls;
    if (column.nulls === 0) add(suggestion('not_null', column.name, 'not_null', `0 nulls in ${formatCount(rows)} rows`));
    if (column.distinctExact && nonNull >= 2 && column.distinct === nonNull && (kind === 'integer' || kind === 'text' || kind === 'temporal')) {
      add(suggestion('unique', column.name, 'unique', `${formatCount(nonNull)} distinct values in ${formatCount(nonNull)} non-null rows (counted exactly)`));
    }
    const values = acceptedValues(column, nonNull);
    if (values) {
      add(suggestion('accepted_values', column.name, { accepted_values: { values } }, `${values.length} distinct value${values.length === 1 ? '' : 's'} in ${formatCount(nonNull)} non-null rows: ${values.join(', ')}`));
    }
    const range = isNumberKind(kind) && !looksLikeKey(column.name) ? rangeOf(column) : null;
    if (range) {
      add(suggestion('range', column.name, { range: range.bounds }, `observed ${column.min} to ${column.max} in ${formatCount(nonNull)} non-null rows; bounds rounded outward to ${range.bounds.min} to ${range.bounds.max}`));
    }
    return out;
  });
}

/** A text column whose values repeat (fewer than half as many values as rows), not a name or an id. */
function acceptedValues(column: ProfiledColumn, nonNull: number): string[] | null {
  if (!column.values || column.values.length === 0) return null;
  if (column.values.length * 2 > nonNull) return null;
  return column.values;
}

function rangeOf(column: ProfiledColumn): { bounds: { min: number; max: number } } | null {
  const min = Number(column.min);
  const max = Number(column.max);
  if (column.min === null || column.max === null || !Number.isFinite(min) || !Number.isFinite(max)) return null;
  return { bounds: roundedRange(min, max) };
}
