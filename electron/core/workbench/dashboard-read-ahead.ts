/** How long a dashboard previewed on the checked-out branch counts as on screen, and how many do. */
const ON_SCREEN_MS = 10 * 60_000;
const MAX_READ_AHEAD = 2;

interface ShownDashboard {
  /** The dashboard's name and parameter values, as asked. */
  key: string;
  env: string;
  askedAt: number;
  /** Previews it again as it was asked. */
  rerun: () => Promise<unknown>;
}

/**
 * The dashboards the app previewed last on the checked-out branch, re-run as soon as a build of
 * that branch publishes: the page asks for them once the build's event has reached it, and by
 * then its changed elements are running (the element result cache lets the page's request wait
 * for that run, and answers the unchanged ones from what it kept).
 */
export class DashboardReadAhead {
  private readonly shown: ShownDashboard[] = [];
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly now: () => number = Date.now) {}

  /** A preview of dashboard `name` with `params` on the checked-out branch's environment `env`, which `rerun` asks again. */
  shownOn(env: string, name: string, params: Record<string, unknown> | undefined, rerun: () => Promise<unknown>): void {
    const key = JSON.stringify([name, params ?? {}]);
    const at = this.shown.findIndex((d) => d.key === key);
    if (at >= 0) this.shown.splice(at, 1);
    this.shown.unshift({ key, env, askedAt: this.now(), rerun });
    this.shown.length = Math.min(this.shown.length, MAX_READ_AHEAD);
  }

  /** A build of `env` published: the dashboards shown on it lately run again, in the background. */
  published(env: string): void {
    const since = this.now() - ON_SCREEN_MS;
    for (const dashboard of this.shown) {
      // A failure here is the page's to show when it asks: the read-ahead only warms the cache.
      if (dashboard.env !== env || dashboard.askedAt < since) continue;
      const run = dashboard.rerun().catch(() => undefined);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    }
  }

  /** Waits for the read-aheads started so far. */
  async settled(): Promise<void> {
    await Promise.all([...this.running]);
  }

  forget(): void {
    this.shown.length = 0;
  }
}
