import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../shared/api.js';
import { LiveProject } from '../../electron/core/workbench/live-project.js';
import { eventually, openTempWorkbench, type TempWorkbench } from './temp-workbench.js';

const builtNodes = (events: ApiEvent[]) =>
  events.flatMap((e) => (e.event === 'build' && e.payload.type === 'node' && e.payload.status === 'built' ? [e.payload.node] : []));
const filesEvents = (events: ApiEvent[]) => events.filter((e) => e.event === 'files');

/**
 * A save in the app is a change the app knows whole: it is handled at once, without the quiet time
 * that lets an outside editor finish writing, and the watcher's report of that same write is not a
 * second change.
 */
describe('a save through the app', () => {
  let t: TempWorkbench | undefined;
  afterEach(async () => t?.dispose());

  it('builds once: the watcher\'s report of the same write is not a second change', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, debounceMs: 100 });
    await t.call('startBuild', {});
    // The first build announces the project when it is done; that is not this save's.
    await eventually(() => (t?.events.at(-1)?.event === 'project' ? true : undefined));
    await t.workbench.settled();
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    const sql = `${await readFile(file, 'utf8')}where id <= 5\n`;
    t.events.length = 0;
    await t.call('saveModel', { node: 'stg_customers', sql });
    await eventually(() => builtNodes(t?.events ?? []).find((node) => node === 'customers'));
    await t.workbench.settled();
    // One change, the saved file: not the temporary file the save wrote it through.
    expect(filesEvents(t.events).map((e) => e.payload)).toEqual([{ changed: ['models/staging/stg_customers.sql'] }]);
    expect(t.events.filter((e) => e.event === 'build' && e.payload.type === 'phase' && e.payload.phase === 'done')).toHaveLength(1);
    expect(builtNodes(t.events).sort()).toEqual(['customers', 'stg_customers']);
    // The reloaded project is announced once, with the build's outcome: not before the build as
    // well, which would have every screen query the environment the build is about to replace.
    const kinds = t.events.map((e) => (e.event === 'build' ? (e.payload.type === 'phase' ? e.payload.phase : 'node') : e.event));
    // The tests of what was rebuilt run after that (tests-after-save.test.ts).
    expect(kinds.filter((k) => k !== 'node' && k !== 'git' && k !== 'test' && k !== 'tests')).toEqual(['files', 'loading', 'building', 'publishing', 'done', 'project']);
    expect((await t.call('previewNode', { node: 'customers', limit: 100 })).total).toBe(5);
  });

  it('builds without waiting for the quiet time an outside editor gets', async () => {
    // Ten minutes of quiet time: a save that waited for it would not build in this test.
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, debounceMs: 600_000 });
    await t.call('startBuild', {});
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    const sql = `${await readFile(file, 'utf8')}where id <= 4\n`;
    t.events.length = 0;
    // The watcher reports this write too, a few milliseconds later: were that a change, its quiet time would start again.
    await t.call('saveModel', { node: 'stg_customers', sql });
    await eventually(() => t?.events.find((e) => e.event === 'build' && e.payload.type === 'phase' && e.payload.phase === 'done'), 120_000);
    expect(builtNodes(t.events).sort()).toEqual(['customers', 'stg_customers']);
    expect((await t.call('previewNode', { node: 'customers', limit: 100 })).total).toBe(4);
  });

  it('announces its build before asking git what it changed: the git processes come after, and their news as a git event', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, autoTest: false, debounceMs: 100 });
    await t.call('startBuild', {});
    await eventually(() => (t?.events.at(-1)?.event === 'project' ? true : undefined));
    await t.workbench.settled();
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    t.events.length = 0;
    await t.call('saveModel', { node: 'stg_customers', sql: `${await readFile(file, 'utf8')}where id <= 5\n` });
    await eventually(() => t?.events.find((e) => e.event === 'git'));
    await t.workbench.settled();
    const kinds = t.events.flatMap((e) => (e.event === 'build' ? (e.payload.type === 'phase' ? [e.payload.phase] : []) : [e.event]));
    expect(kinds).toEqual(['files', 'loading', 'building', 'publishing', 'done', 'project', 'git']);
    const git = t.events.find((e) => e.event === 'git');
    expect(git?.event === 'git' && git.payload.changed).toEqual(['models/staging/stg_customers.sql']);
    // Asked again, the state has what git said.
    expect((await t.call('projectState', {}))?.git.changed).toEqual(['models/staging/stg_customers.sql']);
  });

  it('still sees another editor change the file it saved', async () => {
    t = await openTempWorkbench('jaffle-shop', { watch: true, autoBuild: true, debounceMs: 100 });
    await t.call('startBuild', {});
    const file = path.join(t.root, 'models/staging/stg_customers.sql');
    const original = await readFile(file, 'utf8');
    await t.call('saveModel', { node: 'stg_customers', sql: `${original}where id <= 5\n` });
    // Of another length: a watcher takes a file of the same size and modification time as unchanged.
    await writeFile(file, `${original}where id in (1, 2, 3)\n`);
    // The watcher's report may come before or after the save was handled: either way it is built.
    const deadline = Date.now() + 60_000;
    let total = 0;
    while (total !== 3 && Date.now() < deadline) {
      await t.workbench.settled();
      total = (await t.call('previewNode', { node: 'customers', limit: 100 })).total;
      if (total !== 3) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(total).toBe(3);
  });
});

interface LiveShop {
  root: string;
  live: LiveProject;
  /** Every rebuild the project asked for, written down instead of built. */
  plans: string[];
  file: string;
  original: string;
}

/** The shop opened as a live project without a workbench around it (no watcher); closed after `fn`. */
async function withLiveShop(fn: (shop: LiveShop) => Promise<void>): Promise<void> {
  const t = await openTempWorkbench('jaffle-shop');
  try {
    const plans: string[] = [];
    const live = await LiveProject.open(t.root, {
      watch: false,
      debounceMs: 10,
      emit: () => {},
      rebuild: async (plan) => {
        plans.push(JSON.stringify(plan));
      },
      reloaded: async () => {},
      onError: (err) => {
        throw err;
      },
    });
    const file = 'models/staging/stg_customers.sql';
    try {
      await fn({ root: t.root, live, plans, file, original: await readFile(path.join(t.root, file), 'utf8') });
    } finally {
      await live.close();
    }
  } finally {
    await t.dispose();
  }
}

describe('the watcher\'s report of a file the app wrote', () => {
  it('is not a change while the file holds what the app wrote; other text is', () =>
    withLiveShop(async ({ root, live, plans, file, original }) => {
      const saved = `${original}where id <= 5\n`;
      await writeFile(path.join(root, file), saved);
      live.noteWritten(file, saved);
      await live.settled();
      expect(plans).toEqual([JSON.stringify({ kind: 'select', select: ['stg_customers+'] })]);
      await live.noteChanged([file]);
      await live.settled();
      expect(plans).toHaveLength(1);
      await writeFile(path.join(root, file), `${saved}-- edited elsewhere\n`);
      await live.noteChanged([file]);
      await live.settled();
      expect(plans).toHaveLength(2);
    }));

  it('is not a change when it arrives before the app has heard back from its write, even just after another save', () =>
    withLiveShop(async ({ root, live, plans, file, original }) => {
      const save = (text: string, duringWrite = () => {}) =>
        live.writeOwn(file, async () => {
          await writeFile(path.join(root, file), text);
          duringWrite();
          return text;
        });
      await save(`${original}where id <= 5\n`);
      await live.settled();
      // The next save, a second later: the watcher reports it while the write's own code is still returning.
      let report: Promise<void> = Promise.resolve();
      await save(`${original}where id <= 4\n`, () => {
        report = live.noteChanged([file]);
      });
      await report;
      await live.settled();
      // The watcher reports that write once more (an atomic rename can read as a removal and an addition).
      await live.noteChanged([file]);
      await live.settled();
      expect(plans).toHaveLength(2);
    }));
});
