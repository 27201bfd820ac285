import type { ApiEvent } from '../../../shared/api.js';
import { now } from './loop-timeline.js';

/** Generous: a loaded 2-core machine at 10 million rows; a timeout names what it waited for. */
export const LOOP_WAIT_MS = 10 * 60_000;
export const FIRST_BUILD_WAIT_MS = 30 * 60_000;

/** What the server and the two pages did during one loop, timestamped as it arrives. */
export class Recorder {
  t0 = 0;
  readonly events: { t: number; event: ApiEvent }[] = [];
  readonly frames: { t: number; page: string; event: ApiEvent }[] = [];
  readonly requests: { page: string; op: string; start: number; end: number }[] = [];
  /** Rejects as soon as the rebuild the save started ends without building, so a loop fails fast. */
  readonly failed: Promise<never>;
  private reject: (err: Error) => void = () => undefined;

  constructor() {
    this.failed = new Promise<never>((_, reject) => {
      this.reject = reject;
    });
    this.failed.catch(() => undefined);
  }

  /** Resolves once `page` has received an event named `name`. */
  async frameArrived(page: string, name: ApiEvent['event']): Promise<void> {
    while (!this.frames.some((f) => f.page === page && f.event.event === name)) await new Promise((resolve) => setTimeout(resolve, 10));
  }

  add(event: ApiEvent): void {
    this.events.push({ t: now(), event });
    if (event.event === 'build' && event.payload.type === 'phase' && event.payload.phase === 'done' && event.payload.message !== 'built') {
      this.reject(new Error(`loop bench: the rebuild after the save ended: ${event.payload.message}\n  ${describe(this)}`));
    }
  }
}

export async function waitFor<T>(work: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`loop bench: gave up after ${timeoutMs / 1000} s waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (err) {
    if (err instanceof Error && !err.message.startsWith('loop bench:')) throw new Error(`loop bench: while waiting for ${what}: ${err.message}`, { cause: err });
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

export function fail(what: string, recorder: Recorder): never {
  throw new Error(`loop bench: gave up after ${LOOP_WAIT_MS / 1000} s waiting for ${what}; the server said:\n  ${describe(recorder)}`);
}

/** The server's events so far, one a line, for an error message. */
export function describe(recorder: Recorder): string {
  const line = ({ t, event }: { t: number; event: ApiEvent }): string => {
    const at = `${Math.round(t - recorder.t0)} ms ${event.event}`;
    if (event.event !== 'build') return at;
    const p = event.payload;
    return p.type === 'phase' ? `${at} ${p.phase}: ${p.message}` : `${at} ${p.node} ${p.status}${p.error ? ` (${p.error})` : ''}`;
  };
  return recorder.events.map(line).join('\n  ') || 'nothing';
}
