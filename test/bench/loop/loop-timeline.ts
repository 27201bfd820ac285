/** The milestones of one loop, and how they are printed. */

/** Milestones of one loop, in ms since the save left the page. */
export const MILESTONES = [
  ['saved', 'saveModel answered (file written)'],
  ['files', "'files' event (file batch handled, after the debounce)"],
  ['git', "'git' event (only when git's view changed: the first save dirties the tree)"],
  ['reloaded', "'project' event: project re-read, state sent (before the build)"],
  ['loading', "build 'loading' (git target, plan, start)"],
  ['building', "build 'building' (load + compile + fingerprint)"],
  ['publishing', "build 'publishing' (changed nodes built)"],
  ['done', "build 'done' (catalog published)"],
  ['wsDone', "page got the 'done' event (WebSocket frame)"],
  ['previewStart', 'page: previewNode request sent'],
  ['previewEnd', 'page: previewNode answered'],
  ['previewDrawn', 'page: preview shows the new rows'],
  ['stateAfter', "'project' event after the build"],
  ['dashStart', 'dashboard page: previewDashboard request sent'],
  ['dashEnd', 'dashboard page: previewDashboard answered'],
  ['chartDrawn', 'dashboard page: chart redrawn with the new rows'],
  ['testResult', "first 'test' event: a test of a rebuilt node measured"],
  ['testsDone', "'tests' event: the rebuilt nodes' tests recorded"],
  ['wsTests', "page got the 'tests' event (Tests screen up to date)"],
] as const;
export type Milestone = (typeof MILESTONES)[number][0];

export interface LoopTimes {
  at: Partial<Record<Milestone, number>>;
  /** Changed nodes as Assay built them, with the ms the build reports for each. */
  built: { node: string; ms: number }[];
  /** Every API request of both pages during the loop: op, start and end since the save. */
  requests: { page: string; op: string; start: number; end: number }[];
  ownQueriesMs: number;
  ownQueries: string;
  /** The redrawn dashboard element's query straight on DuckDB. */
  elementQueryMs: number;
  /** How long each page's main thread was busy (scripts, style, layout, paint) during the loop: Chromium shares the cores with DuckDB. */
  pageBusyMs: Record<string, number>;
}

export const now = () => performance.timeOrigin + performance.now();

/** Save until the preview and the chart show the new rows. */
export function rowsAndChart(loop: LoopTimes): number {
  return Math.max(loop.at.previewDrawn as number, loop.at.chartDrawn as number);
}

/** Save until the preview and the chart show the new rows and the page has the rebuilt nodes' test results. */
export function wholeLoop(loop: LoopTimes): number {
  return Math.max(rowsAndChart(loop), loop.at.wsTests ?? 0);
}

export function printPhases(loops: LoopTimes[]): void {
  log(`phases, median of ${loops.length} (ms since the save left the page; 'took' is since the row before):`);
  let previous = 0;
  for (const [key, words] of MILESTONES) {
    const values = loops.map((l) => l.at[key]).filter((v): v is number => v !== undefined);
    if (values.length === 0) {
      log(`  ${words.padEnd(78)}      -`);
      continue;
    }
    const at = median(values);
    const took = key.startsWith('dash') || key === 'chartDrawn' || key === 'stateAfter' || key === 'git' || key.startsWith('test') || key === 'wsTests' ? '' : `  took ${Math.round(at - previous)}`;
    if (took) previous = at;
    log(`  ${words.padEnd(78)} ${String(Math.round(at)).padStart(6)}${took}`);
  }
  for (const page of Object.keys(loops[0]?.pageBusyMs ?? {})) {
    log(`  ${`${page} page: main thread busy during the loop (Chromium's share of the cores)`.padEnd(78)} ${String(Math.round(median(loops.map((l) => l.pageBusyMs[page] ?? NaN)))).padStart(6)}`);
  }
  const builtMs = median(loops.map((l) => l.built.reduce((sum, b) => sum + b.ms, 0)));
  log(`  changed nodes as the build reports them: ${Math.round(builtMs)} ms; the same queries straight on DuckDB: ${Math.round(median(loops.map((l) => l.ownQueriesMs)))} ms`);
}

/** The requests both pages made during the median loop: what the UI asks for, and when. */
export function printRequests(loop: LoopTimes): void {
  log('API requests during one loop (page op start..end, ms since the save):');
  for (const r of loop.requests) log(`  ${r.page.padEnd(9)} ${r.op.padEnd(18)} ${String(Math.round(r.start)).padStart(6)} .. ${Math.round(r.end)}`);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

export function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}

export function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
