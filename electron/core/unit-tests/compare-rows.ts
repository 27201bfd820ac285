import type { ChangedRowSample } from '../../../shared/diff-types.js';
import type { UnitTestOutcome } from '../../../shared/test-types.js';

type Row = Record<string, string | null>;

/**
 * Expected against actual as multisets over `columns` (order and other columns do not matter, as
 * in dbt). What does not match is paired greedily, each leftover expected row with the actual row
 * sharing most of its cells, so a failure reads as "this cell was 3, not 4"; rows left without a
 * partner are missing or unexpected.
 */
export function compareRows(columns: string[], expected: Row[], actual: Row[]): Pick<UnitTestOutcome, 'mismatched' | 'missing' | 'unexpected'> {
  const tupleOf = (row: Row) => JSON.stringify(columns.map((c) => row[c] ?? null));
  const unmatchedActual = new Map<string, Row[]>();
  for (const row of actual) unmatchedActual.set(tupleOf(row), [...(unmatchedActual.get(tupleOf(row)) ?? []), row]);
  const leftExpected: Row[] = [];
  for (const row of expected) {
    const same = unmatchedActual.get(tupleOf(row));
    if (same?.length) same.pop();
    else leftExpected.push(row);
  }
  const leftActual = [...unmatchedActual.values()].flat();
  const pairs: { expected: Row; actual: Row; changed: string[] }[] = [];
  const missing: Row[] = [];
  for (const row of leftExpected) {
    let best = -1;
    let bestEqual = -1;
    leftActual.forEach((candidate, k) => {
      const equal = columns.filter((c) => (candidate[c] ?? null) === (row[c] ?? null)).length;
      if (equal > bestEqual) [best, bestEqual] = [k, equal];
    });
    // A pair that shares no cell says nothing a missing and an unexpected row would not, unless only one column is compared.
    if (best < 0 || (bestEqual === 0 && columns.length > 1)) {
      missing.push(row);
      continue;
    }
    const [partner] = leftActual.splice(best, 1) as [Row];
    pairs.push({ expected: row, actual: partner, changed: columns.filter((c) => (partner[c] ?? null) !== (row[c] ?? null)) });
  }
  const everChanged = new Set(pairs.flatMap((p) => p.changed));
  // The first column no pair differs in names each row (the full rows are shown beside).
  const keyColumns = columns.filter((c) => !everChanged.has(c)).slice(0, 1);
  const mismatched: ChangedRowSample[] = pairs.map((p) => ({
    key: Object.fromEntries(keyColumns.map((c) => [c, p.expected[c] ?? null])),
    base: p.expected,
    compare: p.actual,
    changed: p.changed,
  }));
  return { mismatched, missing, unexpected: leftActual };
}
