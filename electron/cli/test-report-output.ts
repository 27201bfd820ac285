import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { TestResult, TestRunReport } from '../../shared/test-types.js';
import { htmlReport } from '../core/reports/html-report.js';
import { junitReport } from '../core/reports/junit-report.js';
import { markdownReport } from '../core/reports/markdown-report.js';
import { formatNumber, formatPct, statusSymbols, verdict } from '../core/reports/report-groups.js';
import { unitDiffLines } from '../core/unit-tests/unit-diff-lines.js';

/** The files `assay test` writes: --json, --junit, --html, --markdown. */
export interface ReportFiles {
  json?: string;
  junit?: string;
  html?: string;
  markdown?: string;
}

export async function writeReports(report: TestRunReport, opts: ReportFiles): Promise<void> {
  const outputs: [string | undefined, () => string][] = [
    [opts.json, () => `${JSON.stringify(report, null, 2)}\n`],
    [opts.junit, () => junitReport(report)],
    [opts.html, () => htmlReport(report)],
    [opts.markdown, () => markdownReport(report)],
  ];
  for (const [file, render] of outputs) {
    if (!file) continue;
    await mkdir(path.dirname(path.resolve(file)), { recursive: true });
    await writeFile(file, render());
  }
}

export function printResults(report: TestRunReport): void {
  for (const t of report.tests) {
    if (t.status === 'pass') continue;
    process.stdout.write(`${statusSymbols[t.status]} ${t.status.toUpperCase().padEnd(7)} [${t.stage}] ${t.id}: ${describe(t)}\n`);
  }
  const s = report.summary;
  const reused = report.tests.filter((t) => t.cached).length;
  const reusedNote = reused > 0 ? `; ${reused} reused from unchanged data` : '';
  process.stdout.write(`${verdict(report)}: ${s.pass} passed, ${s.warn} warned, ${s.fail} failed, ${s.error} errored, ${s.skipped} skipped (${report.env}${report.target ? ` on ${report.target.name}` : ''}, ${report.commit?.slice(0, 8) ?? 'uncommitted'}${reusedNote})\n`);
}

function describe(t: TestResult): string {
  if (t.unit && t.status === 'fail') return `${t.message ?? ''}\n${unitDiffLines(t.unit).map((line) => `    ${line}`).join('\n')}`;
  if (t.kind === 'variation' && t.baseline !== null) return `${t.message ?? ''} (${formatNumber(t.delta)}, ${formatPct(t.delta_pct)}; ${t.threshold})`;
  if (t.failing_rows) return `${formatNumber(t.failing_rows)} failing rows${t.message ? `: ${t.message}` : ''}`;
  return t.message ?? `observed ${formatNumber(t.observed)} (${t.threshold})`;
}
