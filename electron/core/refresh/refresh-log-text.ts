import { describeCounts, type RefreshRecord, type RefreshStep } from '../../../shared/refresh-types.js';

/**
 * The refresh in one line, as `assay refresh` and `assay watch` print it: the verdict, the branch
 * and commit, the time, then each step that did or found something, and why it stopped if it did.
 */
export function refreshLine(record: Omit<RefreshRecord, 'message'>): string {
  const where = `${record.branch ?? record.env ?? 'no branch'}@${record.commit?.slice(0, 8) ?? 'uncommitted'}`;
  const steps = record.steps.filter((s) => s.status !== 'skipped' && s.status !== 'not-run').map(stepPhrase);
  const stopped = record.steps.find((s) => s.status === 'failed' || s.status === 'no-go');
  const why = stopped ? ` — ${stopped.message}` : '';
  return [record.verdict, where, seconds(record.ms), ...steps].join(' · ') + why;
}

function stepPhrase(step: RefreshStep): string {
  if (step.status === 'unchanged') return `${step.step}: nothing new`;
  if (step.status === 'failed' || step.status === 'no-go') return `${step.step}: ${step.status}`;
  const counts = describeCounts(step.counts);
  return `${step.step}: ${counts || step.status}`;
}

/**
 * The refresh as the human-readable log writes it: a first line (when, in UTC, and the outcome)
 * then one indented line per step and note. Only the first line starts in column 0, which is how
 * the log is cut into refreshes when it is trimmed.
 */
export function refreshLogBlock(record: RefreshRecord): string {
  const lines = [`${record.startedAt}  ${record.message}`];
  for (const step of record.steps) {
    lines.push(`  ${stepLine(step).replaceAll('\n', '\n  ')}`);
  }
  if (record.published) lines.push(`  published to ${record.published.outDir}: ${record.published.dashboards.map((d) => d.name).join(', ')}`);
  for (const note of record.notes) lines.push(`  note: ${note}`);
  lines.push(`  (pid ${record.pid} on ${record.host}, id ${record.id})`);
  return `${lines.join('\n')}\n`;
}

/** `build    ok          812 ms  main environment 3fa9c1d2e4f5 (2 built, 11 reused)`, then its reasons indented. */
export function stepLine(step: RefreshStep, maxReasons = Infinity): string {
  const counts = step.counts ? ` (${describeCounts(step.counts)})` : '';
  const reasons = (step.reasons ?? []).slice(0, maxReasons).map((r) => `\n    ${r}`).join('');
  return `${step.step.padEnd(8)} ${step.status.padEnd(10)} ${`${step.ms} ms`.padStart(9)}  ${step.message}${counts}${reasons}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
