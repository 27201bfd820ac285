import { simpleGit } from 'simple-git';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

describe('the run history of each branch, through the Workbench (issue 19)', () => {
  let t: TempWorkbench;
  let mainCommit = '';
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop');
    mainCommit = (await simpleGit(t.root).revparse(['HEAD'])).trim();
  });
  afterAll(async () => t.dispose());

  it('lists a build and a test run of the checked-out branch, newest first, with commit and counts', async () => {
    const build = await t.call('startBuild', {});
    const report = await t.call('runTests', {});
    const history = await t.call('runHistory', {});
    expect(history).toMatchObject({ branch: 'main', env: 'main' });
    // The test run's own (up-to-date) build is not listed: only the builds someone asked for.
    expect(history.runs.map((run) => run.kind)).toEqual(['tests', 'build']);
    const [tests, built] = history.runs;
    expect(built).toMatchObject({ kind: 'build', branch: 'main', commit: mainCommit, status: 'ok', counts: { built: build.nodes.filter((n) => n.status === 'built').length, failed: 0 } });
    expect(built?.kind === 'build' && built.counts.built).toBeGreaterThan(5);
    expect(tests).toMatchObject({ kind: 'tests', branch: 'main', commit: mainCommit, counts: report.summary, scope: null, finishedAt: report.finished_at });
    expect(Date.parse(tests!.finishedAt)).toBeGreaterThanOrEqual(Date.parse(built!.finishedAt));
  });

  it('opens a test run as the report it produced, and a build as its summary', async () => {
    const [tests, built] = (await t.call('runHistory', {})).runs;
    const opened = await t.call('runDetail', { run: tests!.id });
    expect('report' in opened && opened.report.tests.length).toBeGreaterThan(10);
    const summary = await t.call('runDetail', { run: built!.id });
    expect('build' in summary && summary.build.nodes.some((n) => n.node === 'customers' && n.status === 'built')).toBe(true);
  });

  it("keeps each branch's runs apart: a branch lists its own, and main's are read by naming main", async () => {
    await t.call('createBranch', { branch: 'feature/x', switchTo: true });
    await t.call('startBuild', {});
    const feature = await t.call('runHistory', {});
    expect(feature).toMatchObject({ branch: 'feature/x', env: 'feature~x' });
    expect(feature.runs.map((run) => [run.kind, run.branch])).toEqual([['build', 'feature/x']]);
    expect(feature.runs[0]).toMatchObject({ status: 'ok', counts: { built: 0, failed: 0 } });
    expect((await t.call('runHistory', { branch: 'main' })).runs.map((run) => run.kind)).toEqual(['tests', 'build']);
    // A run of main is not one of feature/x's.
    const mainRun = (await t.call('runHistory', { branch: 'main' })).runs[0]!;
    await expect(t.call('runDetail', { run: mainRun.id })).rejects.toThrow(`there is no run '${mainRun.id}' in the history of 'feature~x'`);
    expect((await t.call('runDetail', { branch: 'main', run: mainRun.id })).record.id).toBe(mainRun.id);
  });

  it('a branch with no runs has an empty history', async () => {
    expect(await t.call('runHistory', { branch: 'never-built' })).toEqual({ branch: 'never-built', env: 'never-built', runs: [] });
  });

  it('refuses an invalid branch name and a run id that is not one, naming them', async () => {
    await expect(t.call('runHistory', { branch: 'two words' })).rejects.toThrow('invalid branch name "two words": it may not contain spaces');
    await expect(t.call('runDetail', { run: '../../reports/main.latest' })).rejects.toThrow("'../../reports/main.latest' is not a run id");
    await expect(t.call('runDetail', { run: '20990101T000000000Z-build-abcdef' })).rejects.toThrow("there is no run '20990101T000000000Z-build-abcdef'");
  });
});
