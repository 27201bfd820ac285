import { appendFile, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import type { RefreshRecord } from '../../shared/refresh-types.js';
import { refreshFiles } from '../../electron/core/refresh/refresh-files.js';
import { lockRefresh } from '../../electron/core/refresh/refresh-lock.js';
import { RefreshLog } from '../../electron/core/refresh/refresh-log.js';
import { runRefresh } from '../../electron/core/refresh/run-refresh.js';
import { writeTempProject } from '../helpers/temp-project.js';
import { openTempWorkbench } from '../workbench/temp-workbench.js';

function record(n: number): RefreshRecord {
  const at = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
  return {
    id: `r${n}`, startedAt: at, finishedAt: at, ms: 10, pid: 1, host: 'h', branch: 'main', env: 'main', commitBefore: null, commit: null, envFingerprint: null,
    options: { publish: false, pull: true, remote: null, outDir: null }, verdict: 'ok', message: `ok · refresh ${n}`,
    steps: [{ step: 'build', status: 'ok', ms: 5, message: `build ${n}`, reasons: ['first', 'second'] }], published: null, notes: [],
  };
}

describe('the refresh log (issue 17)', () => {
  it('keeps the newest N refreshes in both files, and names a line that is not a refresh', async () => {
    const root = await writeTempProject({ 'dbt_project.yml': 'name: x\n' });
    const log = new RefreshLog(root, 3);
    for (let n = 1; n <= 5; n++) await log.append(record(n));
    expect((await log.read()).refreshes.map((r) => r.id)).toEqual(['r5', 'r4', 'r3']);
    const text = await readFile(refreshFiles(root).text, 'utf8');
    expect(text.split('\n').filter((line) => /^\S/.test(line))).toEqual(['r3', 'r4', 'r5'].map((id, i) => `${record(i + 3).startedAt}  ok · refresh ${id.slice(1)}`));
    expect(text).toContain('  build    ok              5 ms  build 5\n      first\n      second\n');

    await appendFile(refreshFiles(root).records, '{"half": \n');
    const read = await log.read();
    expect(read.refreshes).toHaveLength(3);
    expect(read.problems).toEqual([expect.stringMatching(/refreshes\.jsonl:4: not JSON/)]);
  });

  it('the app lists the refreshes of the checked-out branch and the one running now', async () => {
    const t = await openTempWorkbench('jaffle-shop');
    try {
      const done = await runRefresh({ projectRoot: t.root });
      const held = await lockRefresh(t.root);
      try {
        const view = await t.call('refreshLog', {});
        expect(view).toMatchObject({ branch: 'main', problems: [], running: { pid: process.pid } });
        expect(view.refreshes.map((r) => [r.id, r.verdict])).toEqual([[done.id, 'ok']]);
        expect((await t.call('refreshLog', { branch: 'other' })).refreshes).toEqual([]);
      } finally {
        await held.release();
      }
      expect((await t.call('refreshLog', {})).running).toBeNull();
    } finally {
      await t.dispose();
    }
  });
});
