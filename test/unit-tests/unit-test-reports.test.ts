import { describe, expect, it } from 'vitest';
import type { TestRunReport } from '../../shared/test-types.js';
import { compileProject } from '../../electron/core/compile/compile-project.js';
import { countStatuses } from '../../electron/core/tests/test-pipeline.js';
import { loadProject } from '../../electron/core/project/load-project.js';
import { htmlReport } from '../../electron/core/reports/html-report.js';
import { junitReport } from '../../electron/core/reports/junit-report.js';
import { markdownReport } from '../../electron/core/reports/markdown-report.js';
import { runUnitTests } from '../../electron/core/unit-tests/run-unit-tests.js';
import { writeTempProject } from '../helpers/temp-project.js';

describe('a failing unit test in the reports', () => {
  it('shows expected against actual cell by cell in HTML, Markdown and JUnit', async () => {
    const root = await writeTempProject({
      'dbt_project.yml': 'name: shop\n',
      'models/raw.sql': 'select 1 as id, 2 as qty',
      'models/doubled.sql': "select id, qty * 2 + 1 as doubled from {{ ref('raw') }}",
      'models/unit.yml': [
        'unit_tests:',
        '  - name: doubles',
        '    model: doubled',
        '    given:',
        "      - input: ref('raw')",
        '        rows: [{id: 1, qty: 1}, {id: 2, qty: 5}]',
        '    expect:',
        '      rows: [{id: 1, doubled: 2}, {id: 2, doubled: 10}, {id: 3, doubled: 0}]',
      ].join('\n'),
    });
    const loaded = await loadProject(root);
    if (!loaded.ok) throw new Error('load failed');
    const { compiled } = compileProject(loaded.project);
    const tests = await runUnitTests({ compiled, tests: compiled.project.tests });
    const report: TestRunReport = { project: 'shop', branch: 'main', commit: null, env: 'main', env_fingerprint: 'f', started_at: '2024-01-01T00:00:00Z', finished_at: '2024-01-01T00:00:01Z', summary: countStatuses(tests), tests };
    expect(tests.map((t) => [t.status, t.failing_rows, t.message])).toEqual([['fail', 3, '3 rows differ: 3 expected, 2 returned']]);

    const html = htmlReport(report);
    expect(html).toContain('<caption>rows that differ (expected → actual)</caption><thead><tr><th>id</th><th>doubled</th></tr></thead><tbody><tr><td>1</td><td class="unit-hit"><s>2</s> → <b>3</b></td></tr><tr><td>2</td><td class="unit-hit"><s>10</s> → <b>11</b></td></tr></tbody>');
    expect(html).toContain('<caption>expected, not returned</caption><thead><tr><th>id</th><th>doubled</th></tr></thead><tbody><tr><td>3</td><td>0</td></tr></tbody>');
    expect(html).not.toMatch(/<script|https?:\/\//);

    const markdown = markdownReport(report);
    expect(markdown).toContain('**doubles**\n- row id=1: doubled: 2 expected, 3 returned\n- row id=2: doubled: 10 expected, 11 returned\n- missing: id=3, doubled=0');
    expect(junitReport(report)).toContain('threshold: rows equal expect\nobserved: 3\nrow id=1: doubled: 2 expected, 3 returned');
  });
});
