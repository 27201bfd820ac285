import type { ModelProfile, SuggestedTest } from '../../../shared/suggest-types.js';
import type { AlreadyDeclared } from './declared-tests.js';
import { formatCount, suggestion } from './suggestion.js';

const WARN_PCT = 10;
const ERROR_PCT = 20;
const MIN_BASELINE = 10;
/** Two month-on-month comparisons at least, or the series says nothing about what is normal. */
const MIN_PERIODS = 3;

/**
 * A month-on-month variation of the row count (the design's classic failure: a delivery silently
 * lost a third of its rows). The thresholds are the example's (warn at a 10 % drop, fail at 20 %),
 * not fitted to the data, so a drop that is already there shows in the evidence as a failure
 * rather than being absorbed into the threshold.
 */
export function proposeRowCountTest(profile: ModelProfile, declared: AlreadyDeclared): { suggestions: SuggestedTest[]; notes: string[] } {
  const periods = profile.periods;
  if (!periods || profile.rows === 0) return { suggestions: [], notes: profile.rows > 0 ? ['no date column without nulls spanning two months or more: no row count per month is proposed'] : [] };
  if (declared('variation')) return { suggestions: [], notes: [] };
  const { column, counts } = periods;
  if (counts.length < MIN_PERIODS) return { suggestions: [], notes: [`${column} spans ${counts.length} month${counts.length === 1 ? '' : 's'}: a row count per month needs ${MIN_PERIODS} or more to compare`] };
  if (counts.every((c) => c.rows < MIN_BASELINE)) return { suggestions: [], notes: [`fewer than ${MIN_BASELINE} rows in every month of ${column}: a row count per month would have nothing to compare`] };
  const drops = counts.slice(1).map((c, i) => {
    const before = counts[i]?.rows ?? 0;
    return { period: c.period, before, pct: before > 0 ? ((before - c.rows) / before) * 100 : 0 };
  }).filter((d) => d.before >= MIN_BASELINE);
  const failing = drops.filter((d) => d.pct > ERROR_PCT);
  const largest = drops.reduce((worst, d) => (d.pct > worst ? d.pct : worst), 0);
  const sizes = counts.map((c) => c.rows);
  const evidence = [
    `rows per month of ${column} over ${counts.length} months (${counts[0]?.period.slice(0, 7)} to ${counts.at(-1)?.period.slice(0, 7)}): ${formatCount(Math.min(...sizes))} to ${formatCount(Math.max(...sizes))}`,
    `largest month-on-month drop ${largest.toFixed(0)}%`,
    failing.length > 0 ? `it fails today on ${failing.map((d) => `${d.period.slice(0, 7)} (−${d.pct.toFixed(0)}%)`).join(', ')}: check that month before accepting` : `it passes today`,
  ].join('; ');
  const entry = {
    variation: {
      metric: 'count(*)',
      period: { column, grain: 'month' },
      compare_to: 'previous_period',
      error_pct: ERROR_PCT,
      warn_pct: WARN_PCT,
      direction: 'drop',
      min_baseline: MIN_BASELINE,
    },
  };
  return { suggestions: [suggestion('variation', undefined, entry, evidence, `row_count.${column}`)], notes: [] };
}
