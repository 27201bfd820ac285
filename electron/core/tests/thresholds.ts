import type { TestStatus } from '../../../shared/test-types.js';

/** dbt's `warn_if` / `error_if`: a comparison applied to the number of failing rows; both default to `!= 0`. */
export function compareCount(count: number, condition: string | undefined): boolean {
  const text = (condition ?? '!= 0').trim();
  const match = /^(<=|>=|!=|<>|==|=|<|>)\s*(-?\d+(?:\.\d+)?)$/.exec(text);
  if (!match) throw new Error(`cannot read the condition '${text}' (write e.g. '> 10' or '!= 0')`);
  const limit = Number(match[2]);
  switch (match[1]) {
    case '<': return count < limit;
    case '<=': return count <= limit;
    case '>': return count > limit;
    case '>=': return count >= limit;
    case '=': case '==': return count === limit;
    default: return count !== limit;
  }
}

export function statusForFailingRows(count: number, severity: 'error' | 'warn', warnIf?: string, errorIf?: string): TestStatus {
  if (severity === 'error' && compareCount(count, errorIf)) return 'fail';
  if (compareCount(count, warnIf)) return 'warn';
  return 'pass';
}

const units: Record<string, number> = { minute: 60, hour: 3600, day: 86_400, week: 604_800, month: 2_592_000, year: 31_536_000 };

/** `max_age: '35 days'` → seconds. */
export function parseAge(text: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(minute|hour|day|week|month|year)s?\s*$/i.exec(text);
  if (!match) throw new Error(`cannot read max_age '${text}' (write e.g. '36 hours' or '35 days')`);
  return Number(match[1]) * (units[(match[2] as string).toLowerCase()] as number);
}
