import { describe, expect, it } from 'vitest';
import { htmlReport } from '../../electron/core/reports/html-report.js';
import { testAnchor } from '../../electron/core/reports/report-anchors.js';
import type { TestResult, TestRunReport, TestStatus } from '../../shared/test-types.js';

function result(id: string, status: TestStatus, more: Partial<TestResult> = {}): TestResult {
  return {
    id, name: `${id} name`, kind: id.split('.')[0] ?? 'test', stage: 'business-logic', node: 'orders', column: null, severity: 'error', status,
    observed: 0, threshold: '!= 0', baseline: null, delta: null, delta_pct: null, failing_rows: 0, sample: [], duration_ms: 3, message: null,
    location: { file: 'models/schema.yml', line: 4 }, ...more,
  };
}

function report(tests: TestResult[]): TestRunReport {
  const summary = { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 };
  for (const t of tests) summary[t.status] += 1;
  return {
    project: 'shop', branch: 'main', commit: 'a'.repeat(40), env: 'main', env_fingerprint: 'f'.repeat(16),
    started_at: '2026-12-05T06:44:01.250Z', finished_at: '2026-12-05T06:44:03.550Z', summary, tests,
  };
}

const everyStatus = report([
  result('unique.orders.id', 'pass', { stage: 'input' }),
  result('range.orders.amount', 'warn', { message: '3 rows out of range' }),
  result('variation.orders', 'fail', { stage: 'output', message: '2024-09-01: 80 against 120' }),
  result('singular.check <orders>.sql', 'error', { name: '<img src=x> check', message: 'Binder Error: no column "x"' }),
  result('freshness.orders', 'skipped'),
]);

describe('the HTML test report', () => {
  it('draws every status with its own inline SVG icon, and no emoji a missing font would turn into boxes', () => {
    const html = htmlReport(everyStatus);
    expect(html).not.toMatch(/\p{Extended_Pictographic}/u);
    for (const status of ['pass', 'warn', 'fail', 'error', 'skipped']) expect(html).toContain(`<svg class="icon" viewBox="0 0 16 16" width="16" height="16" role="img" aria-label="${status}"><title>${status}</title>`);
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it('opens with what needs attention, failing before warnings, each linked to its row', () => {
    const html = htmlReport(everyStatus);
    const attention = html.indexOf('<h2>Needs attention</h2>');
    expect(attention).toBeGreaterThan(0);
    expect(attention).toBeLessThan(html.indexOf('<h2>Input tests'));
    const summary = html.slice(attention, html.indexOf('</section>', attention));
    const links = [...summary.matchAll(/<a href="#([^"]+)">/g)].map((m) => m[1]);
    expect(links).toEqual([testAnchor('variation.orders'), testAnchor('singular.check <orders>.sql'), testAnchor('range.orders.amount')]);
    for (const link of links) expect(html).toContain(`<tr id="${link}" class=`);
    expect(summary.indexOf('<h3>Failing')).toBeLessThan(summary.indexOf('<h3>Warnings'));
    expect(summary).toContain('&lt;img src=x&gt; check');
    expect(summary).toContain('2024-09-01: 80 against 120');
    expect(htmlReport(report([result('not_null.orders.id', 'warn', { failing_rows: 49, observed: 49 })]))).toContain('<div class="msg">49 failing rows · threshold != 0</div>');
    expect(testAnchor('singular.check <orders>.sql')).toBe('test-singular.check~20~~3c~orders~3e~.sql');
  });

  it('says so when nothing needs attention', () => {
    const html = htmlReport(report([result('unique.orders.id', 'pass')]));
    expect(html).not.toContain('Needs attention');
    expect(html).toContain('nothing needs attention');
  });

  it('writes the run times in UTC as unbreakable pieces, the end as a time on the same day', () => {
    const html = htmlReport(everyStatus);
    expect(html).toContain('<dt>Run</dt><dd><time class="when" datetime="2026-12-05T06:44:01.250Z">2026-12-05 06:44:01 UTC</time> → <time class="when" datetime="2026-12-05T06:44:03.550Z">06:44:03 UTC</time> <span class="when">(2.3 s)</span></dd>');
    expect(html).toContain('.when{white-space:nowrap}');
  });
});
