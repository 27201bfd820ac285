import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunLog } from '../../electron/core/runs/run-log.js';
import type { BuildSummary } from '../../shared/build-types.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { tempDir } from '../helpers/temp-project.js';

function build(ms: number): BuildSummary {
  return {
    env: 'main', branch: 'main', commit: 'c0ffee', status: 'failed', envFingerprint: 'f', ms, errors: [],
    nodes: [
      { node: 'a', kind: 'model', materialization: 'view', fingerprint: '1', status: 'built' },
      { node: 'b', kind: 'model', materialization: 'view', fingerprint: '2', status: 'reused' },
      { node: 'c', kind: 'model', materialization: 'view', fingerprint: '3', status: 'carried' },
      { node: 'd', kind: 'model', materialization: 'view', fingerprint: '4', status: 'failed', error: 'boom' },
      { node: 'e', kind: 'model', materialization: 'view', fingerprint: '5', status: 'skipped' },
    ],
  };
}

describe('RunLog: the run history on disk', () => {
  it('counts a build by what it did to its nodes', async () => {
    const log = new RunLog(await tempDir());
    const record = await log.recordBuild(build(1500));
    expect(record).toMatchObject({ kind: 'build', env: 'main', commit: 'c0ffee', status: 'failed', counts: { built: 1, reused: 2, failed: 1, skipped: 1 } });
    expect(Date.parse(record.finishedAt) - Date.parse(record.startedAt)).toBe(1500);
  });

  it("says a test run's verdict as the gate would, and keeps what it ran", async () => {
    const log = new RunLog(await tempDir());
    const report = {
      project: 'p', branch: 'main', commit: 'c0ffee', env: 'main', env_fingerprint: 'f', started_at: '2025-03-01T10:00:00.000Z', finished_at: '2025-03-01T10:00:02.000Z',
      summary: { pass: 1, warn: 1, fail: 0, error: 0, skipped: 0 },
      tests: [{ status: 'pass', severity: 'error' }, { status: 'warn', severity: 'warn' }],
    } as unknown as TestRunReport;
    const record = await log.recordTests(report, 'input stage');
    expect(record).toMatchObject({ kind: 'tests', outcome: 'warned', scope: 'input stage', counts: report.summary, finishedAt: '2025-03-01T10:00:02.000Z' });
    expect(record.id).toMatch(/^20250301T100002000Z-tests-[0-9a-f]{6}$/);
    expect(await log.detail('main', record.id)).toEqual({ record, report });
  });

  it('keeps the newest runs of each environment, deleting both files of the older ones', async () => {
    const dir = await tempDir();
    const log = new RunLog(dir, 3);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await log.recordBuild(build(i))).id);
      // Ids are by the millisecond: a run a millisecond later sorts after.
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect((await log.list('main')).map((run) => run.id)).toEqual(ids.slice(2).reverse());
    expect((await readdir(path.join(dir, 'main'))).sort()).toEqual(ids.slice(2).flatMap((id) => [`${id}.detail.json`, `${id}.json`]).sort());
    expect(await log.list('other')).toEqual([]);
  });
});
