import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../shared/test-types.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('the example project', () => {
  it("flags the 2024-09 delivery's prescribers, and no other month, with no threshold written", async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const report = await runTestPipeline({ projectRoot: root });
    const anomaly = report.tests.find((t) => t.id === 'column_anomalies.fact_prescriptions.customer_id') as TestResult;
    expect(anomaly).toMatchObject({
      kind: 'column_anomalies', stage: 'business-logic', severity: 'warn', status: 'warn', observed: 80,
      message: '2024-09: 80 distinct customer_id, expected 116.4–123.6',
    });
    const detection = anomaly.anomaly?.points.filter((p) => p.role === 'detection') ?? [];
    expect(detection.map((p) => [p.bucket, p.value, p.status])).toEqual([
      ['2024-07', 120, 'pass'], ['2024-08', 120, 'pass'], ['2024-09', 80, 'warn'],
      ['2024-10', 120, 'pass'], ['2024-11', 120, 'pass'], ['2024-12', 120, 'pass'],
    ]);
    // The months after it learn from it, and still expect about 120.
    expect(detection[3]).toMatchObject({ expected: 120, training_points: 6 });
  });
});
