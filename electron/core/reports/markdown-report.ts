import type { TestResult, TestRunReport, UnitTestOutcome } from '../../../shared/test-types.js';
import { unitDiffLines } from '../unit-tests/unit-diff-lines.js';
import { diffMarkdown } from './diff-markdown.js';
import { mdCode, mdText } from './markdown-text.js';
import { byStage, formatNumber, formatPct, stageTitles, statusSymbols, verdict } from './report-groups.js';

/** A pull-request comment: the verdict, then per stage the tests that did not pass (all passing ones counted). */
export function markdownReport(report: TestRunReport): string {
  const s = report.summary;
  const lines = [
    `## Assay test report: ${verdict(report)}`,
    '',
    `**${mdText(report.project)}** on ${mdCode(report.branch ?? 'no branch', false)} at ${mdCode(report.commit?.slice(0, 10) ?? 'uncommitted', false)} · environment ${mdCode(report.env_fingerprint.slice(0, 12), false)}`,
    '',
    `${s.pass} passed · ${s.warn} warned · ${s.fail} failed · ${s.error} errored · ${s.skipped} skipped`,
  ];
  for (const { stage, tests } of byStage(report)) {
    const notPassing = tests.filter((t) => t.status !== 'pass');
    lines.push('', `### ${stageTitles[stage]} (${tests.length - notPassing.length}/${tests.length} passed)`);
    if (notPassing.length === 0) continue;
    lines.push('', '| | Test | Node | Observed | Baseline | Change | Threshold |', '|---|---|---|---|---|---|---|');
    for (const t of notPassing) lines.push(row(t));
    // A failing unit test's cells: expected against returned, under the table (a table cell holds one line).
    for (const t of notPassing.filter((n) => n.unit && n.status === 'fail')) lines.push('', `**${mdText(t.name)}**`, ...unitDiffLines(t.unit as UnitTestOutcome).map((l) => `- ${mdText(l)}`));
  }
  if (report.diff) lines.push('', diffMarkdown(report.diff).replace(/^## /, '### ').trimEnd());
  return `${lines.join('\n')}\n`;
}

function row(t: TestResult): string {
  const change = t.delta !== null ? `${formatNumber(t.delta)} (${formatPct(t.delta_pct)})` : t.message ?? '';
  const node = t.node ? mdCode(t.node) : '';
  return `| ${statusSymbols[t.status]} | ${mdText(t.name)} | ${node}${t.column ? ` ${mdCode(t.column)}` : ''} | ${mdText(formatNumber(t.observed))} | ${mdText(formatNumber(t.baseline))} | ${mdText(change)} | ${mdText(t.threshold)} |`;
}
