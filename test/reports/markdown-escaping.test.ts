import { describe, expect, it } from 'vitest';
import { markdownReport } from '../../electron/core/reports/markdown-report.js';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

/** Names and messages come from the project's files: in a pull-request comment they are text, never markup. */
describe('the Markdown report', () => {
  it('escapes raw HTML, links and table breakers in test names, model names and messages', async () => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/a<b>c.sql': 'select null::int as id',
      'models/schema.yml': [
        'models:',
        '  - name: a<b>c',
        '    columns:',
        '      - name: id',
        '        tests:',
        '          - not_null: {name: "<img src=x onerror=alert(1)> [click](https://example.invalid) | col"}',
        '          - "<script>alert(2)</script>"',
      ].join('\n'),
    });
    const report = await runTestPipeline({ projectRoot: root });
    expect(report.tests.map((t) => t.status).sort()).toEqual(['error', 'fail']);
    const markdown = markdownReport(report);
    // Inside a code span `a<b>c` is literal text (CommonMark); everywhere else no tag survives.
    const outsideCode = markdown.replace(/(`+) .*? \1|`[^`]*`/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|<b>/);
    expect(markdown).toContain('| `a<b>c` `id` |');
    expect(markdown).not.toMatch(/(?<!\\)\]\(https:/);
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt; \\[click\\](https://example.invalid) \\| col');
    // Every row of the tables keeps its seven cells: no `|` of a name or message splits one.
    for (const line of markdown.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| |'))) {
      expect(line.replaceAll('\\|', '').split('|')).toHaveLength(9);
    }
  });
});
