import { writeFile } from 'node:fs/promises';
import path from 'node:path';
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

  /** Starts the JavaScript profiler of every page (BENCH_LOOP_PROFILE: what the pages spend their time on). */
  async startProfiles(): Promise<void> {
    for (const session of Object.values(this.sessions)) {
      await session.send('Profiler.enable');
      await session.send('Profiler.start');
    }
  }

  /** Stops the profilers and writes one `<page>.cpuprofile` per page into `dir` (open it in Chrome's DevTools). */
  async saveProfiles(dir: string): Promise<string[]> {
    const files: string[] = [];
    for (const [name, session] of Object.entries(this.sessions)) {
      const { profile } = await session.send('Profiler.stop');
      const file = path.join(dir, `${name}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      files.push(file);
    }
    return files;
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
