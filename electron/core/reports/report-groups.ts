import type { TestStage } from '../../../shared/project-types.js';
import type { TestResult, TestRunReport, TestStatus } from '../../../shared/test-types.js';

export const stageOrder: TestStage[] = ['input', 'business-logic', 'output'];
export const stageTitles: Record<TestStage, string> = { input: 'Input tests', 'business-logic': 'Business-logic tests', output: 'Output tests' };
export const statusSymbols: Record<TestStatus, string> = { pass: '✅', warn: '⚠️', fail: '❌', error: '💥', skipped: '⏭️' };

export function byStage(report: TestRunReport): { stage: TestStage; tests: TestResult[] }[] {
  return stageOrder.map((stage) => ({ stage, tests: report.tests.filter((t) => t.stage === stage) })).filter((g) => g.tests.length > 0);
}

export function formatNumber(value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return Number.isInteger(value) ? value.toLocaleString('en-US') : value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

export function formatPct(value: number | null): string {
  return value === null ? '' : `${value > 0 ? '+' : ''}${value.toFixed(1)}%`;
}

export function verdict(report: TestRunReport): string {
  const s = report.summary;
  if (s.fail + s.error > 0) return 'FAILED';
  return s.warn > 0 ? 'PASSED with warnings' : 'PASSED';
}
