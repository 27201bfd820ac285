import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTestPipeline } from '../../electron/core/tests/test-pipeline.js';
import { minimalProject, writeTempProject } from '../helpers/temp-project.js';

const rangeTest = (options: string) => `models:\n  - name: orders\n    columns:\n      - name: amount\n        tests:\n          - range: {min: 0${options}}\n`;

/** Every input of a check's outcome is part of its cache key: a reused outcome is one the check would give now. */
describe('a cached test outcome', () => {
  it.each([
    ['severity: error → warn', ', severity: warn', 'warn'],
    ['severity → config.severity: warn', ', config: {severity: warn}', 'warn'],
    ['error_if raised above the failing rows', ', config: {error_if: "> 5"}', 'warn'],
    ['warn_if and error_if both above the failing rows', ', config: {warn_if: "> 5", error_if: "> 10"}', 'pass'],
  ])('is not reused once the test changes (%s)', async (_change, options, status) => {
    const root = await writeTempProject({
      ...minimalProject,
      'models/orders.sql': 'select * from (values (1, 10), (2, -5)) t(id, amount)',
      'models/schema.yml': rangeTest(''),
    });
    const first = await runTestPipeline({ projectRoot: root });
    expect(first.tests[0]).toMatchObject({ id: 'range.orders.amount', status: 'fail', failing_rows: 1 });
    expect((await runTestPipeline({ projectRoot: root })).tests[0]).toMatchObject({ status: 'fail', cached: true });

    await writeFile(path.join(root, 'models/schema.yml'), rangeTest(options));
    const edited = await runTestPipeline({ projectRoot: root });
    expect(edited.tests[0]).toMatchObject({ id: 'range.orders.amount', status, failing_rows: 1 });
    expect(edited.tests[0]?.cached).toBeUndefined();

    // And the edit back does not reuse the outcome of the edited test either.
    await writeFile(path.join(root, 'models/schema.yml'), rangeTest(''));
    expect((await runTestPipeline({ projectRoot: root })).tests[0]).toMatchObject({ status: 'fail' });
  });
});
