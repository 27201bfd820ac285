import { describe, expect, it } from 'vitest';
import { diffEnvironments } from '../../electron/core/diff/diff-environments.js';
import { htmlReport } from '../../electron/core/reports/html-report.js';
import { junitReport } from '../../electron/core/reports/junit-report.js';
import { markdownReport } from '../../electron/core/reports/markdown-report.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

describe('the example project in all four report formats', () => {
  it('fails exactly on the defective month, 80 customers against 120', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const report = await runTestPipeline({ projectRoot: root });
    report.diff = await diffEnvironments({ projectRoot: root, base: 'main' });

    const failing = report.tests.filter((t) => t.status === 'fail' || t.status === 'error');
    expect(failing.map((t) => t.id)).toEqual(['variation.fact_prescriptions']);
    const variation = failing[0];
    expect(variation).toMatchObject({ stage: 'business-logic', observed: 80, baseline: 120, delta: -40, delta_pct: -33.33 });
    expect(variation?.points?.find((p) => p.status === 'fail')?.period).toBe('2024-09-01');
    // Its thresholds as numbers, for the app's chart and words (issue 19).
    expect(variation?.variation).toEqual({ compare_to: 'previous_period', direction: 'drop', warn_pct: 10, error_pct: 20, min_baseline: 10 });
    expect(report.tests.find((t) => t.id === 'variation.customers_per_month')).toMatchObject({ stage: 'output', status: 'pass' });
    expect(Object.keys(report)).toEqual(expect.arrayContaining(['project', 'branch', 'commit', 'started_at', 'summary', 'tests']));
    expect(JSON.parse(JSON.stringify(report)).tests.find((t: { id: string }) => t.id === 'variation.fact_prescriptions').delta_pct).toBe(-33.33);

    const junit = junitReport(report);
    expect(junit).toMatch(/<testcase classname="pharma_launch\.business-logic\.fact_prescriptions" name="variation on fact_prescriptions"[^>]*><failure message="2024-09-01: 80 against 120">/);
    expect(junit.match(/<failure /g)).toHaveLength(1);

    const markdown = markdownReport(report);
    expect(markdown).toContain('## Assay test report: FAILED');
    expect(markdown).toContain('| ❌ | variation on fact_prescriptions | `fact_prescriptions` | 80 | 120 | -40 (-33.3%) |');
    expect(markdown).toContain('### Assay diff: `main`');

    const html = htmlReport(report);
    expect(html).toContain('<tr id="test-variation.fact_prescriptions" class="fail">');
    expect(html).toContain('<a href="#test-variation.fact_prescriptions">variation on fact_prescriptions</a>');
    expect(html).toContain('<td class="when">2024-09-01</td><td class="num">80</td><td class="num">120</td><td class="num">-40</td><td class="num">-33.3%</td>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });
});
