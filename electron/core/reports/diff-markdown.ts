import type { DiffReport, ModelDiff } from '../../../shared/diff-types.js';
import { mdCode, mdText } from './markdown-text.js';
import { formatNumber } from './report-groups.js';

/** A pull-request comment: what the branch changes, model by model. */
export function diffMarkdown(report: DiffReport): string {
  const lines = [
    `## Assay diff: ${mdCode(report.base.ref, false)} → ${mdCode(report.compare.ref, false)}`,
    '',
    `${report.models.length} model(s) differ · base ${short(report.base.commit)} · compare ${short(report.compare.commit)}${report.tolerance ? ` · numeric tolerance ${report.tolerance}` : ''}`,
    '',
    '| Model | Status | Rows (base → compare) | Added | Removed | Changed | Schema |',
    '|---|---|---|---|---|---|---|',
    ...report.models.map(row),
  ];
  for (const m of report.models) {
    const changedColumns = Object.entries(m.columns).filter(([, c]) => (c.changed ?? 0) > 0);
    if (!changedColumns.length && !m.key_note && !m.error && !m.tests_changed.length) continue;
    lines.push('', `### ${mdText(m.name)}`);
    if (m.error) lines.push(`Error: ${mdText(m.error)}`);
    if (m.key_note) lines.push(`_${mdText(m.key_note)}_`);
    for (const [name, c] of changedColumns) lines.push(`- ${mdCode(name, false)}: ${formatNumber(c.changed)} rows changed (${c.match_pct}% match)`);
    for (const t of m.tests_changed) lines.push(`- test ${mdCode(t.id, false)}: ${t.base ?? 'absent'} → ${t.compare ?? 'absent'}`);
  }
  return `${lines.join('\n')}\n`;
}

function row(m: ModelDiff): string {
  const schema = [
    ...m.schema.added.map((c) => `+${mdText(c.name)}`),
    ...m.schema.removed.map((c) => `−${mdText(c.name)}`),
    ...m.schema.retyped.map((c) => `${mdText(c.name)}: ${mdText(c.base)}→${mdText(c.compare)}`),
  ].join(', ');
  const status = `${m.status}${m.change ? ` (${m.change})` : ''}`;
  return `| ${mdCode(m.name)} | ${status} | ${formatNumber(m.rows.base)} → ${formatNumber(m.rows.compare)} | ${formatNumber(m.rows.added)} | ${formatNumber(m.rows.removed)} | ${formatNumber(m.rows.changed)} | ${schema} |`;
}

function short(commit: string | null): string {
  return commit ? `\`${commit.slice(0, 10)}\`` : '(uncommitted)';
}
