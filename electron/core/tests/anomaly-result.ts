import { anomalyPointWords, anomalyRuleWords, headlinePoints } from '../../../shared/anomaly-words.js';
import type { TestDeclaration } from '../../../shared/project-types.js';
import type { TestResult } from '../../../shared/test-types.js';
import type { Evaluated } from './evaluate-check.js';
import type { RunHistory } from './run-history.js';
import { runAnomaly, type AnomalyRun } from './run-anomaly.js';
import type { RunTestsOptions } from './run-tests.js';
import type { TestTarget } from './test-target.js';

/** An anomaly test's result fields: the verdict, the flagged buckets in words, every point for the charts. */
export async function anomalyResult(test: TestDeclaration, target: TestTarget, options: RunTestsOptions, history: RunHistory): Promise<Evaluated & { extra: Partial<TestResult> }> {
  return anomalyOutcome(await runAnomaly(test, {
    conn: target.conn, relation: target.relation, columns: target.columns, history, env: options.env, dataVersion: target.storeFile,
  }));
}

/** An anomaly run as a test's outcome: the worst points in words, every point in the report. */
export function anomalyOutcome(run: AnomalyRun): Evaluated & { extra: Partial<TestResult> } {
  const { outcome } = run;
  const headline = headlinePoints(outcome);
  const words = headline.map((p) => anomalyPointWords(p, outcome.settings.subject));
  const nulls = outcome.null_timestamps ? `; ${outcome.null_timestamps} rows with a NULL ${outcome.settings.timestamp_column} are in no bucket` : '';
  const message = `${run.message || words.join('; ')}${nulls}`;
  return {
    status: run.status,
    observed: headline[0]?.value ?? null,
    threshold: anomalyRuleWords(outcome),
    failing_rows: null,
    message,
    extra: { anomaly: outcome, ...(headline[0]?.expected != null ? { baseline: headline[0].expected } : {}) },
  };
}
