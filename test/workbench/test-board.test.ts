import { describe, expect, it } from 'vitest';
import type { TestResult, TestRunReport, TestStatus } from '../../shared/test-types.js';
import { mergeIntoBoard } from '../../electron/core/workbench/test-board.js';

function result(id: string, status: TestStatus, message: string | null = null): TestResult {
  return {
    id, name: id, kind: 'unique', stage: 'input', node: 'orders', column: null, severity: 'error', status, observed: 0, threshold: '!= 0',
    baseline: null, delta: null, delta_pct: null, failing_rows: 0, sample: [], duration_ms: 1, message, location: { file: 'models/schema.yml' },
  };
}

function run(finishedAt: string, commit: string, tests: TestResult[]): TestRunReport {
  return {
    project: 'demo', branch: 'main', commit, env: 'main', env_fingerprint: 'f', started_at: finishedAt, finished_at: finishedAt,
    summary: { pass: 0, warn: 0, fail: 0, error: 0, skipped: 0 }, tests,
  };
}

const leftOut = 'not selected: only the input stage was run';

describe('the test board (issue 19)', () => {
  it('keeps the earlier result of every test a run left out, marked with the run it comes from, and counts it', () => {
    const full = run('t1', 'aaaa', [result('a', 'pass'), result('b', 'fail')]);
    const stage = run('t2', 'bbbb', [result('a', 'warn'), result('b', 'skipped', leftOut)]);
    const board = mergeIntoBoard(stage, full);
    expect(board.tests.map((t) => [t.id, t.status, t.last_run])).toEqual([['a', 'warn', undefined], ['b', 'fail', { at: 't1', commit: 'aaaa' }]]);
    expect(board.summary).toMatchObject({ warn: 1, fail: 1, skipped: 0 });

    // Left out again: still the first run's result, still marked with that run.
    const again = mergeIntoBoard(run('t3', 'cccc', [result('a', 'pass'), result('b', 'skipped', leftOut)]), board);
    expect(again.tests[1]?.last_run).toEqual({ at: 't1', commit: 'aaaa' });
  });

  it('leaves a test skipped when no earlier run measured it, and keeps nothing of another environment', () => {
    const stage = run('t2', 'bbbb', [result('b', 'skipped', leftOut)]);
    expect(mergeIntoBoard(stage, null).tests[0]?.status).toBe('skipped');
    expect(mergeIntoBoard(stage, { ...run('t1', 'aaaa', [result('b', 'fail')]), env: 'feature~x' }).tests[0]?.status).toBe('skipped');
  });
});
