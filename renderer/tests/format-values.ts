/** Numbers as the tests and diff screens show them: grouped, at most two decimals, a real minus sign. */
export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  const rounded = Math.round(value * 100) / 100;
  return rounded.toLocaleString('en-US', { maximumFractionDigits: 2 }).replace('-', '−');
}

/** A change with its sign: +40, −40. */
export function formatDelta(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return value > 0 ? `+${formatNumber(value)}` : formatNumber(value);
}

/** A percentage change with one decimal: −33.3 %. */
export function formatPercentChange(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const rounded = Math.round(value * 10) / 10;
  const text = Math.abs(rounded).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  return `${rounded > 0 ? '+' : rounded < 0 ? '−' : ''}${text} %`;
}

/** A share already in percent (a match rate): 99.5 %. */
export function formatPercent(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  return `${(Math.round(value * 10) / 10).toLocaleString('en-US', { maximumFractionDigits: 1 })} %`;
}

export function shortCommit(commit: string | null | undefined): string {
  return commit ? commit.slice(0, 8) : 'uncommitted';
}

export function formatTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Where a kept result comes from: "earlier run · 4 Dec 2026, 19:02", with its commit when it was another. */
export function earlierRun(lastRun: { at: string; commit: string | null }, commitNow: string | null): string {
  const other = lastRun.commit && lastRun.commit !== commitNow ? ` on ${shortCommit(lastRun.commit)}` : '';
  return `earlier run · ${formatTime(lastRun.at)}${other}`;
}
