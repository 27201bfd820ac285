import { anomalyRuleWords } from '../../shared/anomaly-words.js';
import type { TestResult, VariationSettings } from '../../shared/test-types.js';

type Described = Pick<TestResult, 'kind' | 'threshold' | 'severity' | 'column' | 'variation' | 'anomaly'>;

/** A row test's condition on its failing rows, as dbt writes `error_if`: `!= 0`, `> 10`. */
export const rowCondition = /^(<=|>=|!=|<>|==|=|<|>)\s*(-?\d+(?:\.\d+)?)$/;
/** row_count's bounds: `min 1`, `max 500`, `min 1, max 500`. */
export const rowCountBounds = /^(?:min (-?[\d.]+))?(?:, )?(?:max (-?[\d.]+))?$/;

/**
 * What a test's threshold means, in a sentence: "!= 0" on a not_null test reads "Fails if there is
 * any row where customer_id is null". Falls back to the threshold as written when it has no known form.
 */
export function thresholdInWords(test: Described): string {
  const verb = test.severity === 'warn' ? 'Warns' : 'Fails';
  if (test.variation) return variationInWords(test.variation, verb);
  if (test.anomaly) return `${verb} if a ${test.anomaly.settings.mode === 'run' ? 'run' : 'bucket'} is ${anomalyRuleWords(test.anomaly)}`;
  const threshold = test.threshold.trim();
  if (threshold === '') return '';
  const condition = rowCondition.exec(threshold);
  if (condition) return `${verb} if there ${countWords(condition[1] as string, Number(condition[2]))} ${failingRowsOf(test)}`;
  if (test.kind === 'row_count') {
    const bounds = rowCountBounds.exec(threshold);
    if (bounds && (bounds[1] || bounds[2])) return `${verb} unless the node has ${boundsInWords(bounds[1], bounds[2])}`;
  }
  if (test.kind === 'freshness' && threshold.startsWith('newer than ')) return `${verb} unless the newest timestamp is ${threshold}`;
  if (test.kind === 'schema') return `${verb} unless the ${threshold.replace(/ expected/, ' declared')} exist with their types`;
  return threshold;
}

/** "is any row", "are more than 10 rows": the count a row condition fails on. */
function countWords(operator: string, limit: number): string {
  const rows = (n: number) => `${n.toLocaleString('en-US')} row${n === 1 ? '' : 's'}`;
  switch (operator) {
    case '!=':
    case '<>':
      return limit === 0 ? 'is any row' : `are not exactly ${rows(limit)}`;
    case '>': return limit === 0 ? 'is any row' : `are more than ${rows(limit)}`;
    case '>=': return limit === 1 ? 'is any row' : `are ${rows(limit)} or more`;
    case '<': return `are fewer than ${rows(limit)}`;
    case '<=': return `are ${rows(limit)} or fewer`;
    default: return `are exactly ${rows(limit)}`;
  }
}

/** The rows a row test counts, by its kind. */
function failingRowsOf(test: Described): string {
  const column = test.column ?? 'the column';
  switch (test.kind) {
    case 'not_null': return `where ${column} is null`;
    case 'unique': return `with a repeated ${column}`;
    case 'accepted_values': return `where ${column} is not one of the accepted values`;
    case 'relationships': return `whose ${column} has no match in the related model`;
    case 'range': return `where ${column} is out of range`;
    case 'expression': return 'where the expression is false';
    case 'unique_combination': return 'with a repeated combination of the columns';
    default: return 'failing the check';
  }
}

function boundsInWords(min: string | undefined, max: string | undefined): string {
  const n = (value: string) => Number(value).toLocaleString('en-US');
  if (min && max) return `between ${n(min)} and ${n(max)} rows`;
  if (min) return `at least ${n(min)} row${Number(min) === 1 ? '' : 's'}`;
  return `at most ${n(max as string)} rows`;
}

const comparedWith: Record<string, string> = {
  previous_period: 'the period before',
  baseline_branch: 'the baseline branch',
  previous_run: 'the last successful run',
};

/** "Fails if a period drops by more than 20 % against the period before; warns past 10 %. …" */
export function variationInWords(settings: VariationSettings, verb = 'Fails'): string {
  const moves = settings.direction === 'drop' ? 'drops' : settings.direction === 'rise' ? 'rises' : 'moves up or down';
  const against = comparedWith[settings.compare_to] ?? settings.compare_to;
  const limits = [
    settings.error_pct !== null ? { verb, pct: settings.error_pct } : null,
    settings.warn_pct !== null ? { verb: 'Warns', pct: settings.warn_pct } : null,
  ].filter((limit) => limit !== null);
  const [first, second] = limits;
  if (!first) return `Never fails: no warn_pct or error_pct is set (compared with ${against})`;
  const head = `${first.verb} if a value ${moves} by more than ${first.pct} % against ${against}`;
  const tail = second ? `; ${second.verb.toLowerCase()} past ${second.pct} %` : '';
  const small = settings.min_baseline !== null ? `. Baselines under ${settings.min_baseline.toLocaleString('en-US')} are not judged` : '';
  return `${head}${tail}${small}`;
}
