import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../shared/test-types.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { assay } from '../helpers/run-cli.js';
import { copyFixture, minimalProject, writeTempProject } from '../helpers/temp-project.js';

describe('assay test (as a user runs it)', () => {
  it('on the example: exits 1 on the defective month, writes all four reports, prints the failure', async () => {
    const root = await copyFixture('pharma-launch');
    await initCommittedRepo(root);
    const files = { json: path.join(root, 'out/report.json'), junit: path.join(root, 'out/junit.xml'), html: path.join(root, 'out/report.html'), markdown: path.join(root, 'out/report.md') };
    const run = await assay(['test', '--project', root, '--json', files.json, '--junit', files.junit, '--html', files.html, '--markdown', files.markdown]);
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).toMatch(/variation.*fact_prescriptions/);
    expect(run.stdout + run.stderr).toMatch(/FAILED: \d+ passed, \d+ warned, 1 failed, 0 errored, 0 skipped/);
    // The anomaly test learned its band from the months before (issue 15): a warning, in words.
    expect(run.stdout).toMatch(/WARN\s+\[business-logic\] column_anomalies\.fact_prescriptions\.customer_id: 2024-09: 80 distinct customer_id, expected 116\.4–123\.6\n/);

    const report = JSON.parse(await readFile(files.json, 'utf8')) as TestRunReport;
    expect(report.tests.filter((t) => t.status === 'fail').map((t) => [t.id, t.observed, t.baseline, t.delta_pct])).toEqual([['variation.fact_prescriptions', 80, 120, -33.33]]);
    expect(await readFile(files.junit, 'utf8')).toMatch(/<failure message="2024-09-01: 80 against 120">/);
    expect(await readFile(files.html, 'utf8')).toContain('<td class="num">-33.3%</td>');
    expect(await readFile(files.markdown, 'utf8')).toContain('| ❌ | variation on fact_prescriptions |');
    // The anomaly test in each format: its flagged month and band in words, and in HTML its chart.
    const anomalyWords = '2024-09: 80 distinct customer_id, expected 116.4–123.6';
    expect(report.tests.find((t) => t.id === 'column_anomalies.fact_prescriptions.customer_id')).toMatchObject({ status: 'warn', message: anomalyWords });
    expect(await readFile(files.junit, 'utf8')).toContain(`<system-out>WARNING: ${anomalyWords}`);
    expect(await readFile(files.markdown, 'utf8')).toContain(`| ⚠️ | column_anomalies customer_id on fact_prescriptions | \`fact_prescriptions\` \`customer_id\` | 80 | 120 | ${anomalyWords} |`);
    const html = await readFile(files.html, 'utf8');
    expect(html.match(/<svg class="anomaly-chart"/g)).toHaveLength(1);
    const circles = [...html.matchAll(/<circle cx="[\d.]+" cy="([\d.]+)" r="\d" fill="[^"]+" data-status="(\w+)"><title>([^<]*)<\/title>/g)].map((m) => ({ y: Number(m[1]), status: m[2], title: m[3] }));
    expect(circles).toHaveLength(12);
    expect(circles.filter((c) => c.status === 'warn').map((c) => c.title)).toEqual([anomalyWords]);
    // Drawn lowest of the twelve months: SVG's y grows downwards.
    expect(Math.max(...circles.map((c) => c.y))).toBe(circles.find((c) => c.status === 'warn')?.y);
  });

  it('--stage input runs only the input tests (the others counted as skipped); a warning alone exits 0', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'seeds/regions.csv': 'code,name\nN,North\nS,\n',
      'seeds/schema.yml': 'seeds:\n  - name: regions\n    columns:\n      - name: name\n        tests:\n          - not_null: {severity: warn}\n',
      'models/by_region.sql': "select code from {{ ref('regions') }}",
      'models/schema.yml': 'models:\n  - name: by_region\n    columns:\n      - name: code\n        tests: [unique]\n',
    });
    const json = path.join(root, 'report.json');
    const run = await assay(['test', '--project', root, '--stage', 'input', '--json', json]);
    expect(run.code).toBe(0);
    const report = JSON.parse(await readFile(json, 'utf8')) as TestRunReport;
    expect(report.tests.map((t) => [t.id, t.stage, t.status, t.failing_rows])).toEqual([
      ['not_null.regions.name', 'input', 'warn', 1],
      ['unique.by_region.code', 'business-logic', 'skipped', null],
    ]);
    expect(report.tests[1]?.message).toBe('not selected: only the input stage was run');
    expect(report.summary).toEqual({ pass: 0, warn: 1, fail: 0, error: 0, skipped: 1 });
  });

  it('exits 2 on an unknown stage, naming the ones there are', async () => {
    const root = await writeTempProject({ ...minimalProject, 'models/a.sql': 'select 1 as id' });
    const run = await assay(['test', '--project', root, '--stage', 'inputs']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--stage must be one of input, business-logic, output, not 'inputs'");
  });
});
