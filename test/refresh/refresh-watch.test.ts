import { spawn } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RefreshRecord } from '../../shared/refresh-types.js';
import type { RefreshOptions } from '../../electron/core/refresh/run-refresh.js';
import { watchSources, type WatchOutcome } from '../../electron/core/refresh/watch-sources.js';
import { isolateFromMachineConfig } from '../git/git-fixture.js';
import { deliver, shopWithRemote } from './refresh-fixture.js';

beforeAll(isolateFromMachineConfig);

/** A refresh the test holds open until it lets it finish, recording what each run answered. */
function controlledRefresh() {
  const calls: { release: () => void }[] = [];
  let started: (() => void) | null = null;
  const run = (options: RefreshOptions) => new Promise<RefreshRecord>((resolve) => {
    calls.push({ release: () => resolve({ message: `refreshed ${options.projectRoot}` } as RefreshRecord) });
    started?.();
  });
  const nextStart = () => new Promise<void>((resolve) => {
    started = resolve;
  });
  return { calls, run, nextStart };
}

/** Resolves once `count` file events have been seen. */
function eventsSeen(count: number) {
  const seen: string[] = [];
  let done: () => void = () => {};
  const all = new Promise<void>((resolve) => {
    done = resolve;
  });
  return { seen, all, onFiles: (files: string[]) => {
    seen.push(...files);
    if (seen.length >= count) done();
  } };
}

/** `assay watch` on the project with a held-open refresh, seeing `events` file events. */
async function watchHeld(root: string, options: { debounceMs: number; initial: boolean; events: number }) {
  const refresh = controlledRefresh();
  const outcomes: WatchOutcome[] = [];
  const events = eventsSeen(options.events);
  const watch = await watchSources({ projectRoot: root, refresh: {}, ...options, run: refresh.run, onRefresh: (o) => outcomes.push(o), onFiles: events.onFiles });
  return { refresh, outcomes, events, watch };
}

describe('assay watch (issue 17)', () => {
  it('several files landing at once make one refresh, which answers them all', async () => {
    const repo = await shopWithRemote();
    const { refresh, outcomes, events, watch } = await watchHeld(repo.root, { debounceMs: 1500, initial: false, events: 3 });
    try {
      const started = refresh.nextStart();
      await Promise.all([deliver(repo.root, '2024-02', [[3, 1]]), deliver(repo.root, '2024-03', [[4, 1]]), deliver(repo.root, '2024-04', [[5, 1]])]);
      await events.all;
      await started;
      refresh.calls[0]?.release();
      await watch.settled();
      expect(refresh.calls).toHaveLength(1);
      expect(outcomes.map((o) => o.files.sort())).toEqual([['lake/2024-02/orders.csv', 'lake/2024-03/orders.csv', 'lake/2024-04/orders.csv']]);
    } finally {
      await watch.close();
    }
  });

  it('changes during a refresh queue exactly one more, never two at once', async () => {
    const repo = await shopWithRemote();
    const { refresh, outcomes, events, watch } = await watchHeld(repo.root, { debounceMs: 100, initial: true, events: 3 });
    try {
      // The refresh at start is running (held open) while three deliveries land one by one.
      const first = refresh.nextStart();
      await first;
      for (const month of ['2024-02', '2024-03', '2024-04']) await deliver(repo.root, month, [[9, 1]]);
      await events.all;
      const second = refresh.nextStart();
      refresh.calls[0]?.release();
      await second;
      expect(refresh.calls).toHaveLength(2);
      refresh.calls[1]?.release();
      await watch.settled();
      expect(refresh.calls).toHaveLength(2);
      expect(outcomes.map((o) => o.files.length)).toEqual([0, 3]);
    } finally {
      await watch.close();
    }
  });

  it('the command refreshes on a new delivery, prints the outcome, and stops cleanly on SIGINT', async () => {
    const repo = await shopWithRemote();
    const child = spawn(process.execPath, [path.resolve('bin/assay.js'), 'watch', '--project', repo.root, '--debounce', '200', '--no-initial'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const waitFor = (pattern: RegExp, stream: () => string) => new Promise<void>((resolve, reject) => {
      const check = () => (pattern.test(stream()) ? resolve() : undefined);
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      child.once('exit', () => reject(new Error(`assay watch exited: ${stderr}`)));
      check();
    });
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitFor(/watching .*lake\/\*\/orders\.csv \(lake\.orders\)/, () => stderr);
    await deliver(repo.root, '2024-02', [[3, 30]]);
    await waitFor(/ ok · main@[0-9a-f]{8} · /, () => stdout);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(/build: 2 built/);
    expect(stderr).toMatch(/stopped\n$/);
  });
});
