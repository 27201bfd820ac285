import { describe, expect, it } from 'vitest';
import type { ProjectState } from '../../shared/api.js';
import { StateAnnouncer } from '../../electron/core/workbench/state-announcer.js';

describe('StateAnnouncer', () => {
  it('never sends a state older than the last request, and coalesces requests made meanwhile', async () => {
    let version = 0;
    const releases: (() => void)[] = [];
    const sent: number[] = [];
    const announcer = new StateAnnouncer(
      async () => {
        const seen = version;
        await new Promise<void>((resolve) => releases.push(resolve));
        return { env: String(seen) } as ProjectState;
      },
      (state) => sent.push(Number(state.env)),
      (err) => {
        throw err;
      },
    );
    const first = announcer.request();
    version = 1;
    const second = announcer.request();
    version = 2;
    const third = announcer.request();
    expect(second).toBe(first);
    expect(third).toBe(first);
    releases.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
    releases.shift()?.();
    await first;
    expect(sent).toEqual([0, 2]);
  });
});
