import type { TestStage } from '../../../shared/project-types.js';
import { runVerdict } from '../../../shared/run-verdict.js';
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

/** The run's verdict in words, by the one rule of shared/run-verdict.ts. */
export function verdict(report: TestRunReport): string {
  const { outcome } = runVerdict(report);
  return outcome === 'failed' ? 'FAILED' : outcome === 'warned' ? 'PASSED with warnings' : 'PASSED';
}
