import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import { commitAll } from '../helpers/git-repo.js';
import { eventually, openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

/**
 * The inner loop saves the same model again and again. Git's list of changed files holds that
 * model from its first save on, so a save after that needs no git process (each one costs a fork
 * of a large process on a small machine): only a save git's list may not hold yet, or one that may
 * have put HEAD's text back, asks git. Every git process the app starts goes through a `git` on
 * PATH that logs its arguments.
 */
describe('saving a model the app already saved', () => {
  let t: TempWorkbench | undefined;
  let bin = '';
  let log = '';
  const originalPath = process.env.PATH;

  beforeEach(async () => {
    bin = await mkdtemp(path.join(tmpdir(), 'assay-git-log-'));
    log = path.join(bin, 'calls.log');
    await writeFile(log, '');
    await writeFile(path.join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nexec /usr/bin/git "$@"\n`);
    await chmod(path.join(bin, 'git'), 0o755);
    process.env.PATH = `${bin}${path.delimiter}${originalPath}`;
  });

  afterEach(async () => {
    process.env.PATH = originalPath;
    await t?.dispose();
    await rm(bin, { recursive: true, force: true });
  });

  const gitCalls = async () => (await readFile(log, 'utf8')).split('\n').filter(Boolean);
  const gitEvents = () => (t?.events ?? []).filter((e): e is Extract<ApiEvent, { event: 'git' }> => e.event === 'git');

  /** The shop, watched and built, with the model the tests save. */
  async function openBuilt(): Promise<{ wb: TempWorkbench; file: string; original: string }> {
    const wb = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, autoTest: false, debounceMs: 100 });
    t = wb;
    await wb.call('startBuild', {});
    await wb.workbench.settled();
    const file = 'models/staging/stg_customers.sql';
    return { wb, file, original: await readFile(path.join(wb.root, file), 'utf8') };
  }

  async function save(sql: string): Promise<void> {
    if (!t) throw new Error('no workbench');
    const before = t.events.length;
    await t.call('saveModel', { node: 'stg_customers', sql });
    await eventually(() => t?.events.slice(before).find((e) => e.event === 'build' && e.payload.type === 'phase' && e.payload.phase === 'done'));
    await t.workbench.settled();
  }

  it('runs no git process once git lists it, and asks git again when its text is back to HEAD\'s', async () => {
    const { wb, file, original } = await openBuilt();

    await save(`${original}where id <= 5\n`);
    expect(gitEvents().at(-1)?.payload.changed).toEqual([file]);

    await writeFile(log, '');
    await save(`${original}where id <= 4\n`);
    await save(`${original}where id <= 3\n`);
    expect(await gitCalls()).toEqual([]);
    expect((await wb.call('previewNode', { node: 'customers', limit: 100 })).total).toBe(3);

    // HEAD's text again: git no longer lists the file, which only git can say.
    const events = gitEvents().length;
    await save(original);
    expect((await gitCalls()).some((call) => call.includes('status'))).toBe(true);
    expect(gitEvents().length).toBe(events + 1);
    expect(gitEvents().at(-1)?.payload.changed).toEqual([]);
  });

  it('asks git after a file was changed outside the app, whatever the app saved before', async () => {
    const { wb, file, original } = await openBuilt();
    await save(`${original}where id <= 5\n`);
    // Another editor puts HEAD's text back: the app's own notion of HEAD's text must not answer for it.
    await writeFile(path.join(wb.root, file), original);
    await eventually(() => (gitEvents().at(-1)?.payload.changed.length === 0 ? true : undefined));
    await wb.workbench.settled();
    await writeFile(log, '');
    await save(`${original}where id <= 4\n`);
    expect((await gitCalls()).some((call) => call.includes('status'))).toBe(true);
    expect(gitEvents().at(-1)?.payload.changed).toEqual([file]);
  });

  it('learns HEAD\'s text again after a commit: a save back to the committed text is clean', async () => {
    const { wb, file, original } = await openBuilt();
    const committed = `${original}where id <= 5\n`;
    await save(committed);
    await commitAll(wb.root, 'only five customers');
    await eventually(() => (gitEvents().at(-1)?.payload.changed.length === 0 ? true : undefined));
    await wb.workbench.settled();
    await save(`${original}where id <= 4\n`);
    expect(gitEvents().at(-1)?.payload.changed).toEqual([file]);
    await save(committed);
    expect(gitEvents().at(-1)?.payload.changed).toEqual([]);
  });
});
