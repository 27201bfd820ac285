import type { TestRunReport } from '../../../shared/test-types.js';
import { byStage, stageTitles } from './report-groups.js';
import { unitDiffLines } from '../unit-tests/unit-diff-lines.js';

/** JUnit XML, one test suite per stage: what CI systems read. Warnings pass, with the warning in system-out. */
export function junitReport(report: TestRunReport): string {
  const suites = byStage(report).map(({ stage, tests }) => {
    const failures = tests.filter((t) => t.status === 'fail').length;
    const errors = tests.filter((t) => t.status === 'error').length;
    const skipped = tests.filter((t) => t.status === 'skipped').length;
    const time = tests.reduce((sum, t) => sum + t.duration_ms, 0) / 1000;
    const cases = tests.map((t) => {
      const detail = [t.message, t.threshold && `threshold: ${t.threshold}`, t.observed !== null && `observed: ${t.observed}`, t.baseline !== null && `baseline: ${t.baseline}`, t.delta_pct !== null && `change: ${t.delta_pct}%`, ...(t.unit ? unitDiffLines(t.unit) : [])].filter(Boolean).join('\n');
      const body =
        t.status === 'fail' ? `<failure message="${xml(t.message ?? t.threshold)}">${xml(detail)}</failure>`
        : t.status === 'error' ? `<error message="${xml(t.message ?? 'error')}">${xml(detail)}</error>`
        : t.status === 'skipped' ? `<skipped message="${xml(t.message ?? '')}"/>`
        : t.status === 'warn' ? `<system-out>${xml(`WARNING: ${detail}`)}</system-out>` : '';
      return `    <testcase classname="${xml(`${report.project}.${stage}.${t.node}`)}" name="${xml(t.name)}" time="${(t.duration_ms / 1000).toFixed(3)}" file="${xml(t.location.file)}"${t.location.line ? ` line="${t.location.line}"` : ''}>${body}</testcase>`;
    });
    return `  <testsuite name="${xml(stageTitles[stage])}" tests="${tests.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${xml(report.started_at)}">\n${cases.join('\n')}\n  </testsuite>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${xml(`assay ${report.project}`)}" tests="${report.tests.length}">\n${suites.join('\n')}\n</testsuites>\n`;
}

function xml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
}
