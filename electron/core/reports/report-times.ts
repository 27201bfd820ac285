import { escapeHtml } from './escape-html.js';

/**
 * When a run happened, in UTC so that the report says the same wherever it is opened: the start in
 * full, the end as a time when it is the same day, and how long it took. Each date is one
 * unbreakable piece: `2026-12-05 06:44:01 UTC`, never split across lines.
 */
export function runTimesHtml(startedAt: string, finishedAt: string): string {
  const start = new Date(startedAt);
  const end = new Date(finishedAt);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime())) return `${timeTag(startedAt, startedAt)} → ${timeTag(finishedAt, finishedAt)}`;
  const [startDay, startTime] = utcParts(start);
  const [endDay, endTime] = utcParts(end);
  const endText = endDay === startDay ? `${endTime} UTC` : `${endDay} ${endTime} UTC`;
  return `${timeTag(startedAt, `${startDay} ${startTime} UTC`)} → ${timeTag(finishedAt, endText)} <span class="when">(${duration(end.getTime() - start.getTime())})</span>`;
}

function utcParts(date: Date): [string, string] {
  const iso = date.toISOString();
  return [iso.slice(0, 10), iso.slice(11, 19)];
}

function timeTag(datetime: string, text: string): string {
  return `<time class="when" datetime="${escapeHtml(datetime)}">${escapeHtml(text)}</time>`;
}

function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
