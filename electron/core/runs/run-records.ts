import type { BuildSummary } from '../../../shared/build-types.js';
import type { BuildCounts, BuildRunRecord, TestRunRecord } from '../../../shared/run-history-types.js';
import { runVerdict } from '../../../shared/run-verdict.js';
import type { TestRunReport } from '../../../shared/test-types.js';

/** The history's line for a build: when, at which commit, and what it did to the nodes. */
export function buildRunRecord(summary: BuildSummary, id: string, finishedAt: Date): BuildRunRecord {
  return {
    id,
    kind: 'build',
    branch: summary.branch,
    env: summary.env,
    commit: summary.commit,
    startedAt: new Date(finishedAt.getTime() - summary.ms).toISOString(),
    finishedAt: finishedAt.toISOString(),
    status: summary.status,
    counts: buildCounts(summary),
  };
}

export function buildCounts(summary: BuildSummary): BuildCounts {
  const counts: BuildCounts = { built: 0, reused: 0, failed: 0, skipped: 0 };
  for (const node of summary.nodes) {
    // `carried` nodes were built earlier and kept as they were: for the history, reused.
    if (node.status === 'built') counts.built++;
    else if (node.status === 'reused' || node.status === 'carried') counts.reused++;
    else if (node.status === 'failed') counts.failed++;
    else if (node.status === 'skipped') counts.skipped++;
  }
  return counts;
}

/** The history's line for a test run: its verdict and counts, and what it ran when not everything. */
export function testRunRecord(report: TestRunReport, scope: string | null, id: string): TestRunRecord {
  return {
    id,
    kind: 'tests',
    branch: report.branch,
    env: report.env,
    commit: report.commit,
    startedAt: report.started_at,
    finishedAt: report.finished_at,
    outcome: runVerdict(report).outcome,
    counts: report.summary,
    scope,
    envFingerprint: report.env_fingerprint,
  };
}
