import type { CDPSession, Page } from 'playwright-core';

/**
 * How long each page's main thread has been busy (Chromium's TaskDuration: scripts, style, layout,
 * paint), read through the DevTools protocol. On a 2-core machine the pages share the cores with
 * DuckDB, so what they do while a save builds and re-queries is part of the loop's cost.
 */
export class PageBusy {
  private constructor(private readonly sessions: Record<string, CDPSession>) {}

  static async follow(pages: Record<string, Page>): Promise<PageBusy> {
    const sessions: Record<string, CDPSession> = {};
    for (const [name, page] of Object.entries(pages)) {
      const session = await page.context().newCDPSession(page);
      await session.send('Performance.enable');
      sessions[name] = session;
    }
    return new PageBusy(sessions);
  }

  /** Milliseconds each page's main thread has been busy since it was followed. */
  async read(): Promise<Record<string, number>> {
    const busy: Record<string, number> = {};
    for (const [name, session] of Object.entries(this.sessions)) {
      const { metrics } = await session.send('Performance.getMetrics');
      busy[name] = (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
    }
    return busy;
  }
}
