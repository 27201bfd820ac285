import { anomalyPointWords, formatAnomalyNumber, metricWords } from '../../../shared/anomaly-words.js';
import type { AnomalyOutcome, AnomalyPoint, TestResult } from '../../../shared/test-types.js';
import { escapeHtml as esc } from './escape-html.js';
import { statusIcon } from './status-icons.js';

const W = 400;
const H = 130;
const pad = { left: 56, right: 12, top: 12, bottom: 26 };
const flagColours: Record<string, string> = { fail: '#c62828', warn: '#b7791f' };

/**
 * An anomaly test in the HTML report: per metric, an inline SVG of the values (training months
 * grey, scored ones blue), the band each scored bucket expected, and the flagged buckets marked;
 * then the scored buckets in words. Inline SVG: the report runs no script and loads nothing.
 */
export function anomalyHtml(t: TestResult): string {
  const outcome = t.anomaly;
  if (!outcome || outcome.points.length === 0) return '';
  const charts = outcome.settings.metrics.map((metric) => metricChart(outcome, metric, outcome.points.filter((p) => p.metric === metric))).join('');
  const scored = outcome.points.filter((p) => p.role === 'detection');
  const rows = scored.map((p) => `<tr class="${p.status}"><td>${statusIcon(p.status)}</td><td>${esc(anomalyPointWords(p, outcome.settings.subject))}</td><td class="num">${p.score === null ? '' : esc(p.score.toFixed(1))}</td></tr>`).join('');
  const open = t.status === 'fail' || t.status === 'warn' ? ' open' : '';
  return `<details${open} class="anomaly"><summary>${scored.length} ${outcome.settings.mode === 'run' ? 'run' : 'bucket'}${scored.length === 1 ? '' : 's'} scored against their history</summary>${charts}<table class="inner"><thead><tr><th></th><th>Bucket</th><th>Score</th></tr></thead><tbody>${rows}</tbody></table></details>`;
}

function metricChart(outcome: AnomalyOutcome, metric: string, points: AnomalyPoint[]): string {
  const numbers = points.flatMap((p) => [p.value, p.lower, p.upper]).filter((n): n is number => n !== null);
  if (numbers.length === 0) return '';
  const lo = Math.min(...numbers);
  const hi = Math.max(...numbers);
  const span = hi - lo || Math.abs(hi) || 1;
  const y = (v: number) => pad.top + (H - pad.top - pad.bottom) * (1 - (v - (lo - span * 0.05)) / (span * 1.1));
  const step = points.length > 1 ? (W - pad.left - pad.right) / (points.length - 1) : 0;
  const x = (i: number) => pad.left + (points.length > 1 ? i * step : (W - pad.left - pad.right) / 2);
  const banded = points.map((p, i) => ({ p, i })).filter(({ p }) => p.lower !== null && p.upper !== null);
  const band = banded.length
    ? `<path d="M${banded.map(({ p, i }) => `${x(i).toFixed(1)},${y(p.upper as number).toFixed(1)}`).join(' L')} L${[...banded].reverse().map(({ p, i }) => `${x(i).toFixed(1)},${y(p.lower as number).toFixed(1)}`).join(' L')} Z" fill="#dbe4ff" stroke="none"><title>expected band</title></path>`
    : '';
  const valued = points.map((p, i) => ({ p, i })).filter(({ p }) => p.value !== null);
  const line = valued.length > 1 ? `<polyline points="${valued.map(({ p, i }) => `${x(i).toFixed(1)},${y(p.value as number).toFixed(1)}`).join(' ')}" fill="none" stroke="#3157d5" stroke-width="1.5"/>` : '';
  const dots = valued.map(({ p, i }) => {
    const flagged = flagColours[p.status];
    const fill = flagged ?? (p.role === 'training' ? '#9aa3b5' : '#3157d5');
    return `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value as number).toFixed(1)}" r="${flagged ? 5 : 3}" fill="${fill}" data-status="${p.status}"><title>${esc(anomalyPointWords(p, outcome.settings.subject))}</title></circle>`;
  }).join('');
  const flaggedLabels = valued.filter(({ p }) => flagColours[p.status]).map(({ p, i }) => `<text x="${x(i).toFixed(1)}" y="${(y(p.value as number) - 8).toFixed(1)}" text-anchor="middle" font-size="11" fill="${flagColours[p.status]}">${esc(p.bucket)}</text>`).join('');
  const axis = [hi, lo].map((v) => `<text x="${pad.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" font-size="10" fill="#667">${esc(formatAnomalyNumber(v))}</text>`).join('');
  const first = points[0]?.bucket ?? '';
  const last = points[points.length - 1]?.bucket ?? '';
  const ticks = `<text x="${x(0)}" y="${H - 8}" font-size="10" fill="#667">${esc(first)}</text><text x="${x(points.length - 1)}" y="${H - 8}" text-anchor="end" font-size="10" fill="#667">${esc(last)}</text>`;
  const label = `${metricWords(metric, outcome.settings.subject)} per ${outcome.settings.mode === 'run' ? 'run' : (outcome.settings.time_bucket?.period ?? 'bucket')}, with the expected band`;
  return `<svg class="anomaly-chart" role="img" aria-label="${esc(label)}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}"><title>${esc(label)}</title>${band}${line}${dots}${flaggedLabels}${axis}${ticks}</svg>`;
}
