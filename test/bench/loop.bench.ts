import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiEvent, ApiResult } from '../../shared/api.js';
import type { TestRunReport } from '../../shared/test-types.js';
import { prepareProject } from '../../electron/core/build/prepare-project.js';
import { openEngine } from '../../electron/core/engine/open-engine.js';
import { assayPaths } from '../../electron/core/env/assay-paths.js';
import type { ModelNode } from '../../electron/core/project/project.js';
import { DashboardsPage } from '../e2e/pages/dashboards-page.js';
import { HeaderPage } from '../e2e/pages/header-page.js';
import { LineagePage } from '../e2e/pages/lineage-page.js';
import { NodePage } from '../e2e/pages/node-page.js';
import { ProjectPickerPage } from '../e2e/pages/project-picker-page.js';
import { startAssay, type RunningAssay } from '../e2e/support/assay-server.js';
import { launchChromium, openAppPage, type AppPage } from '../e2e/support/browser.js';
import { buildRenderer } from '../e2e/support/renderer-build.js';
import { benchRows, generateBenchProject } from './bench-project.js';
import type { BenchResult } from './bench-result.js';

/**
 * The analyst's inner loop (issue 18), in browser mode with Chromium on the example project at
 * benchmark size: save a model's SQL through the API as the editor does, and measure until the
 * open data preview shows the new rows and until the dashboard element that reads it is redrawn
 * (in a second page). Once for a leaf model a dashboard reads (dim_customer), once for a change two
 * levels above that dashboard element (stg_customers, which dim_customer reads). Every phase is
 * timestamped relative to the save, from the workbench's events and the pages' requests and
 * frames; the baseline is the changed nodes' own queries run straight on DuckDB in a copy of the
 * environment the loop built.
 */

const RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 5);
/** Generous: a loaded 2-core machine at 10 million rows; a timeout names what it waited for. */
const LOOP_WAIT_MS = 10 * 60_000;
const FIRST_BUILD_WAIT_MS = 30 * 60_000;
const ASSAY_PART_GOAL_MS = 150;
const LEAF_LOOP_GOAL_MS = 500;

interface Scenario {
  name: string;
  /** The model whose SQL is saved. */
  changed: string;
  /** The model whose data preview is open (a leaf a dashboard reads). */
  previewed: string;
  /** The dashboard element that reads it. */
  element: string;
  tag: string;
  /** The model's SQL with `marker` put in its rows, so that the preview and the chart show it. */
  edit(sql: string, marker: string): string;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'leaf change (dim_customer)',
    changed: 'dim_customer',
    previewed: 'dim_customer',
    element: 'top_prescribers',
    tag: 'L',
    // A prefix, so that a chart label cut short at its end still shows it.
    edit: (sql, marker) => replaceOnce(sql, '    c.customer_name,', `    '${marker} ' || c.customer_name as customer_name,`),
  },
  {
    name: 'change two levels up (stg_customers, read through dim_customer)',
    changed: 'stg_customers',
    previewed: 'dim_customer',
    element: 'top_prescribers',
    tag: 'U',
    edit: (sql, marker) => replaceOnce(sql, '        name as customer_name,', `        '${marker} ' || name as customer_name,`),
  },
];

/** Milestones of one loop, in ms since the save left the page. */
const MILESTONES = [
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
] as const;
type Milestone = (typeof MILESTONES)[number][0];

interface LoopTimes {
  at: Partial<Record<Milestone, number>>;
  /** Changed nodes as Assay built them, with the ms the build reports for each. */
  built: { node: string; ms: number }[];
  /** Every API request of both pages during the loop: op, start and end since the save. */
  requests: { page: string; op: string; start: number; end: number }[];
  ownQueriesMs: number;
  ownQueries: string;
}

const now = () => performance.timeOrigin + performance.now();

export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  log(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  let rendererDir = '';
  let browser: Browser | undefined;
  let assay: RunningAssay | undefined;
  const pages: AppPage[] = [];
  try {
    [rendererDir, browser] = await Promise.all([buildRenderer(), launchChromium()]);
    assay = await startAssay(rendererDir, { autoBuild: true });
    const bench = await LoopBench.start(browser, assay, root, pages);
    const results: BenchResult[] = [];
    for (const scenario of SCENARIOS) results.push(...(await bench.measure(scenario)));
    const errors = pages.flatMap((p) => p.consoleErrors);
    if (errors.length > 0) log(`console errors in the pages:\n  ${errors.join('\n  ')}`);
    return results;
  } catch (err) {
    // What the pages showed and said, so that a failure on a loaded machine can be told from a broken app.
    for (const [i, page] of pages.entries()) {
      await page.screenshot(`loop-bench-failure-${i === 0 ? 'editor' : 'dashboard'}`).catch(() => undefined);
      if (page.consoleErrors.length > 0) log(`console errors in the ${i === 0 ? 'editor' : 'dashboard'} page:\n  ${page.consoleErrors.join('\n  ')}`);
    }
    if (pages.length > 0) log('screenshots: test-results/screenshots/loop-bench-failure-*.png');
    throw err;
  } finally {
    for (const page of pages) await page.close().catch(() => undefined);
    await assay?.stop().catch((err: unknown) => log(`could not stop the server: ${String(err)}`));
    await browser?.close().catch(() => undefined);
    if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
    await rm(root, { recursive: true, force: true });
  }
}

/** What the server and the two pages did during one loop, timestamped as it arrives. */
class Recorder {
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

  add(event: ApiEvent): void {
    this.events.push({ t: now(), event });
    if (event.event === 'build' && event.payload.type === 'phase' && event.payload.phase === 'done' && event.payload.message !== 'built') {
      this.reject(new Error(`loop bench: the rebuild after the save ended: ${event.payload.message}\n  ${describe(this)}`));
    }
  }
}

class LoopBench {
  private recorder: Recorder | null = null;

  private constructor(
    private readonly assay: RunningAssay,
    private readonly root: string,
    private readonly token: string,
    private readonly editorPage: Page,
    private readonly dashboardPage: Page,
  ) {}

  static async start(browser: Browser, assay: RunningAssay, root: string, pages: AppPage[]): Promise<LoopBench> {
    const token = new URL(assay.url).searchParams.get('token') ?? '';
    const editor = await openAppPage(browser, assay.url);
    pages.push(editor);
    const dashboard = await openAppPage(browser, assay.url);
    pages.push(dashboard);
    for (const app of [editor, dashboard]) app.page.setDefaultTimeout(LOOP_WAIT_MS);
    const bench = new LoopBench(assay, root, token, editor.page, dashboard.page);
    assay.workbench.onEvent((event) => bench.recorder?.add(event));
    bench.follow(editor.page, 'editor');
    bench.follow(dashboard.page, 'dashboard');
    // Reloaded so that the pages' event sockets open with the listeners above in place.
    await editor.page.reload();

    const lineage = new LineagePage(editor.page);
    await new ProjectPickerPage(editor.page).open(root);
    await waitFor(lineage.root.waitFor(), 'the project to open in the editor page', LOOP_WAIT_MS);
    const started = performance.now();
    const status = await waitFor(new HeaderPage(editor.page).buildWithShortcut(), 'the first build of main', FIRST_BUILD_WAIT_MS);
    if (status !== 'ok') throw new Error(`loop bench: the first build of main ended '${status}'`);
    log(`first build of main: ${Math.round(performance.now() - started)} ms`);
    await assay.workbench.settled();

    await dashboard.page.reload();
    const dashboards = new DashboardsPage(dashboard.page);
    await waitFor(dashboards.show(), 'the dashboards screen in the second page', LOOP_WAIT_MS);
    await waitFor(dashboards.drawnChart('top_prescribers').waitFor(), 'the chart top_prescribers to be drawn', LOOP_WAIT_MS);
    return bench;
  }

  async measure(scenario: Scenario): Promise<BenchResult[]> {
    log(`\n## ${scenario.name} (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}): save ${scenario.changed}, preview ${scenario.previewed}, dashboard element ${scenario.element}`);
    const lineage = new LineagePage(this.editorPage);
    const node = new NodePage(this.editorPage);
    await waitFor(lineage.show(), 'the lineage screen', LOOP_WAIT_MS);
    await waitFor(lineage.open(scenario.previewed), `the node view of ${scenario.previewed}`, LOOP_WAIT_MS);
    await waitFor(node.previewRows.first().waitFor(), `the data preview of ${scenario.previewed}`, LOOP_WAIT_MS);

    const file = path.join(this.root, await this.modelFile(scenario.changed));
    const original = await readFile(file, 'utf8');
    const loops: LoopTimes[] = [];
    // One warm-up loop (marker 0), then the measured ones.
    for (let k = 0; k <= RUNS; k++) {
      const loop = await this.loop(scenario, scenario.edit(original, `~${scenario.tag}${k}`), `~${scenario.tag}${k}`);
      log(`${k === 0 ? 'warm-up' : `run ${k}`}: preview ${ms(loop.at.previewDrawn)}, chart ${ms(loop.at.chartDrawn)}; built ${loop.built.map((b) => `${b.node} ${Math.round(b.ms)} ms`).join(', ')}; own queries straight on DuckDB ${ms(loop.ownQueriesMs)} (${loop.ownQueries})`);
      if (k > 0) loops.push(loop);
    }
    printPhases(loops);
    const byWhole = [...loops].sort((a, b) => wholeLoop(a) - wholeLoop(b));
    printRequests(byWhole[Math.floor(byWhole.length / 2)] as LoopTimes);
    const tests = await this.explicitTests(scenario);

    const preview = median(loops.map((l) => l.at.previewDrawn as number));
    const chart = median(loops.map((l) => l.at.chartDrawn as number));
    const whole = median(loops.map(wholeLoop));
    const own = median(loops.map((l) => l.ownQueriesMs));
    const assayPart = median(loops.map((l) => wholeLoop(l) - l.ownQueriesMs));
    const rebuilt = (loops[0] as LoopTimes).built.map((b) => b.node).join('+');
    const baseline = { name: "the changed nodes' own queries straight on DuckDB", ms: own };
    const phase = (from: Milestone, to: Milestone) => Math.round(median(loops.map((l) => (l.at[to] ?? NaN) - (l.at[from] ?? NaN))));
    const leaf = scenario.changed === scenario.previewed;
    return [
      {
        scenario: `loop, ${scenario.name}: save -> preview and dashboard element redrawn (median of ${loops.length})`,
        ms: whole,
        baseline,
        ...(leaf ? { goal: `whole loop under ${LEAF_LOOP_GOAL_MS} ms`, met: whole < LEAF_LOOP_GOAL_MS } : {}),
        extra: {
          'preview ms': Math.round(preview),
          'load avg': loadavg().map((l) => l.toFixed(1)).join('/'),
          'chart ms': Math.round(chart),
          rebuilt,
          tests: 'not run by the app after a save',
          [`explicit runTests ${scenario.changed}+ ms`]: tests,
        },
      },
      {
        scenario: `loop, ${scenario.name}: Assay's own part (whole loop minus the changed nodes' own queries)`,
        ms: assayPart,
        baseline,
        goal: `under ${ASSAY_PART_GOAL_MS} ms`,
        met: assayPart < ASSAY_PART_GOAL_MS,
        extra: {
          'preview only': Math.round(median(loops.map((l) => (l.at.previewDrawn as number) - l.ownQueriesMs))),
          'to file event': Math.round(median(loops.map((l) => l.at.files ?? NaN))),
          'file event -> build loading': phase('files', 'loading'),
          'load+compile+fingerprint': phase('loading', 'building'),
          'build changed nodes': phase('building', 'publishing'),
          'catalog publish': phase('publishing', 'done'),
          'event to page': phase('done', 'wsDone'),
          'done -> preview request': phase('done', 'previewStart'),
          'preview query': phase('previewStart', 'previewEnd'),
          'preview draw': phase('previewEnd', 'previewDrawn'),
          'done -> dashboard request': phase('done', 'dashStart'),
          'dashboard queries': phase('dashStart', 'dashEnd'),
          'chart draw': phase('dashEnd', 'chartDrawn'),
        },
      },
    ];
  }

  /** One save and everything it sets off, until both pages show the new rows and the server is idle. */
  private async loop(scenario: Scenario, sql: string, marker: string): Promise<LoopTimes> {
    await this.quiet();
    const recorder = new Recorder();
    this.recorder = recorder;
    const previewWait = drawnAt(this.editorPage, { kind: 'preview', marker }, LOOP_WAIT_MS);
    const chartWait = drawnAt(this.dashboardPage, { kind: 'chart', marker, element: scenario.element }, LOOP_WAIT_MS);
    const saved = (await this.editorPage.evaluate(saveScript(this.token, scenario.changed, sql))) as { t0: number; t1: number; body: ApiResult<unknown> };
    recorder.t0 = saved.t0;
    if (!saved.body.ok) throw new Error(`loop bench: saveModel ${scenario.changed} failed: ${saved.body.error}`);
    const [previewDrawn, chartDrawn] = await Promise.race([
      Promise.all([
        previewWait.then((t) => t ?? fail(`the preview of ${scenario.previewed} to show rows with '${marker}' after saving ${scenario.changed}`, recorder)),
        chartWait.then((t) => t ?? fail(`the chart ${scenario.element} to be redrawn with '${marker}' after saving ${scenario.changed}`, recorder)),
      ]),
      recorder.failed,
    ]);
    await waitFor(this.assay.workbench.settled(), `the server to settle after saving ${scenario.changed}`, LOOP_WAIT_MS);
    this.recorder = null;

    const rel = (t: number | undefined) => (t === undefined ? undefined : t - recorder.t0);
    const firstEvent = (test: (e: ApiEvent) => boolean, after = 0) => rel(recorder.events.find((e) => e.t - recorder.t0 >= after && test(e.event))?.t);
    const phaseAt = (phase: string) => firstEvent((e) => e.event === 'build' && e.payload.type === 'phase' && e.payload.phase === phase);
    const done = recorder.events.find((e) => e.event.event === 'build' && e.event.payload.type === 'phase' && e.event.payload.phase === 'done');
    if (done?.event.event === 'build' && done.event.payload.type === 'phase' && done.event.payload.message !== 'built') {
      throw new Error(`loop bench: the rebuild after saving ${scenario.changed} ended: ${done.event.payload.message}`);
    }
    const doneAt = rel(done?.t) ?? Infinity;
    const files = firstEvent((e) => e.event === 'files');
    const requests = recorder.requests.map((r) => ({ ...r, start: r.start - recorder.t0, end: r.end - recorder.t0 })).sort((a, b) => a.start - b.start);
    const after = (page: string, op: string) => requests.find((r) => r.page === page && r.op === op && r.start >= doneAt);
    const built = recorder.events.flatMap((e) => (e.event.event === 'build' && e.event.payload.type === 'node' && e.event.payload.status === 'built' ? [{ node: e.event.payload.node, ms: e.event.payload.ms ?? 0 }] : []));
    const own = await this.ownQueries(built.map((b) => b.node));
    return {
      at: {
        saved: saved.t1 - saved.t0,
        files,
        git: firstEvent((e) => e.event === 'git', files ?? 0),
        reloaded: firstEvent((e) => e.event === 'project', files ?? 0),
        loading: phaseAt('loading'),
        building: phaseAt('building'),
        publishing: phaseAt('publishing'),
        done: rel(done?.t),
        wsDone: rel(recorder.frames.find((f) => f.page === 'editor' && f.event.event === 'build' && f.event.payload.type === 'phase' && f.event.payload.phase === 'done')?.t),
        previewStart: after('editor', 'previewNode')?.start,
        previewEnd: after('editor', 'previewNode')?.end,
        previewDrawn: previewDrawn - recorder.t0,
        stateAfter: firstEvent((e) => e.event === 'project', doneAt),
        dashStart: after('dashboard', 'previewDashboard')?.start,
        dashEnd: after('dashboard', 'previewDashboard')?.end,
        chartDrawn: chartDrawn - recorder.t0,
      },
      built,
      requests,
      ownQueriesMs: own.ms,
      ownQueries: own.text,
    };
  }

  /** The baseline: the nodes the loop rebuilt, their own SQL run straight on DuckDB in a copy of the environment it built. */
  private async ownQueries(nodes: string[]): Promise<{ ms: number; text: string }> {
    const { compiled, renderer } = await prepareProject(this.root, this.root);
    const paths = assayPaths(this.root);
    const dir = await mkdtemp(path.join(tmpdir(), 'assay-loop-baseline-'));
    const copy = path.join(dir, 'main.duckdb');
    await copyFile(paths.envFile('main'), copy);
    await copyFile(`${paths.envFile('main')}.wal`, `${copy}.wal`).catch(() => undefined);
    const engine = await openEngine({ path: copy, fileSearchPath: this.root });
    const conn = await engine.connect();
    const parts: string[] = [];
    let total = 0;
    try {
      for (const id of compiled.order.filter((n) => nodes.includes(n))) {
        const node = compiled.nodes.get(id);
        if (!node?.execSql) throw new Error(`loop bench: no SQL for the rebuilt node ${id}`);
        let sql: string[];
        if (node.materialization === 'view') sql = [`CREATE OR REPLACE VIEW ${node.relation} AS\n${node.execSql}`];
        else if (node.materialization === 'incremental') {
          // What plain DuckDB does for an incremental model: select the new rows (and append them).
          const model = node.source as ModelNode;
          const rendered = renderer.render(model.rawSql, model.location.file, { nodeName: model.name, thisRelation: node.relation, isIncremental: true, absolute: true });
          if (!rendered.ok) throw new Error(`loop bench: ${id}: ${rendered.error.message}`);
          sql = [`CREATE OR REPLACE TEMP TABLE "__bench_new" AS\n${rendered.sql}`];
        } else sql = [`DROP VIEW IF EXISTS ${node.relation}`, `CREATE OR REPLACE TABLE ${node.relation} AS\n${node.execSql}`];
        const start = performance.now();
        for (const statement of sql) {
          const result = await conn.query(statement);
          if (!result.ok) throw new Error(`loop bench: baseline ${id}: ${result.error}`);
        }
        const took = performance.now() - start;
        total += took;
        parts.push(`${id} ${Math.round(took)} ms`);
      }
    } finally {
      await conn.close();
      await engine.close();
      await rm(dir, { recursive: true, force: true });
    }
    return { ms: total, text: parts.join(', ') || 'none' };
  }

  /** Not part of the loop (the app runs no tests after a save): what updating the changed nodes' tests would add. */
  private async explicitTests(scenario: Scenario): Promise<number> {
    const started = performance.now();
    const result = (await waitFor(
      this.editorPage.evaluate(apiScript(this.token, 'runTests', { select: [`${scenario.changed}+`] })),
      `runTests of ${scenario.changed}+`,
      LOOP_WAIT_MS,
    )) as ApiResult<TestRunReport>;
    const took = Math.round(performance.now() - started);
    await this.assay.workbench.settled();
    if (!result.ok) {
      log(`tests: runTests ${scenario.changed}+ failed: ${result.error}`);
      return took;
    }
    const ran = result.value.tests.filter((t) => !(t.status === 'skipped' && (t.message ?? '').startsWith('not selected')));
    const s = result.value.summary;
    log(`tests: the app runs no tests after a save (its test board keeps the previous run's results until runTests is asked for).`);
    log(`tests: an explicit runTests of ${scenario.changed}+ from the page took ${took} ms for ${ran.length} tests (pass ${s.pass}, warn ${s.warn}, fail ${s.fail}, error ${s.error}), ${ran.filter((t) => t.cached).length} from the cache`);
    return took;
  }

  /** Waits until the server is idle and neither page is loading, so that one loop never overlaps the next. */
  private async quiet(): Promise<void> {
    await waitFor(this.assay.workbench.settled(), 'the server to settle', LOOP_WAIT_MS);
    await waitFor(new DashboardsPage(this.dashboardPage).loading.waitFor({ state: 'hidden' }), 'the dashboard to finish loading', LOOP_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }

  private follow(page: Page, name: string): void {
    page.on('requestfinished', (request) => {
      const recorder = this.recorder;
      const match = /\/api\/(\w+)/.exec(request.url());
      if (!recorder || !match) return;
      const timing = request.timing();
      const end = timing.responseEnd >= 0 ? timing.startTime + timing.responseEnd : now();
      recorder.requests.push({ page: name, op: match[1] as string, start: timing.startTime, end });
    });
    page.on('websocket', (socket) => {
      socket.on('framereceived', ({ payload }) => {
        const recorder = this.recorder;
        if (!recorder || typeof payload !== 'string') return;
        try {
          recorder.frames.push({ t: now(), page: name, event: JSON.parse(payload) as ApiEvent });
        } catch {
          // not an event
        }
      });
    });
  }

  private async modelFile(nodeId: string): Promise<string> {
    const state = (await this.editorPage.evaluate(apiScript(this.token, 'readModel', { node: nodeId }))) as ApiResult<{ file: string }>;
    if (!state.ok) throw new Error(`loop bench: readModel ${nodeId}: ${state.error}`);
    return state.value.file;
  }
}

/** The call the renderer's HTTP client makes (renderer/api/http-api.ts), from inside the page; resolves with its send and answer times. */
function saveScript(token: string, node: string, sql: string): string {
  return `(async () => {
    const t0 = performance.timeOrigin + performance.now();
    const response = await fetch('/api/saveModel', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-assay-token': ${JSON.stringify(token)} },
      body: ${JSON.stringify(JSON.stringify({ node, sql }))},
    });
    const body = await response.json();
    return { t0, t1: performance.timeOrigin + performance.now(), body };
  })()`;
}

function apiScript(token: string, op: string, args: unknown): string {
  return `fetch('/api/${op}', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-assay-token': ${JSON.stringify(token)} },
    body: ${JSON.stringify(JSON.stringify(args))},
  }).then((r) => r.json())`;
}

/**
 * When the page first shows `marker`, checked once per animation frame inside the page (epoch ms),
 * or null after `timeoutMs`. The app's CSP refuses eval, which page.waitForFunction needs; an
 * evaluated script is not subject to it.
 */
async function drawnAt(page: Page, probe: { kind: 'preview' | 'chart'; marker: string; element?: string }, timeoutMs: number): Promise<number | null> {
  const script = `(async () => {
    const probe = ${JSON.stringify(probe)};
    const seen = () => {
      if (probe.kind === 'preview') {
        return [...document.querySelectorAll('[data-testid="preview-row"]')].some((row) => (row.textContent || '').includes(probe.marker));
      }
      const chart = document.querySelector('[data-testid="chart-' + probe.element + '"][data-drawn="true"] svg');
      return !!chart && (chart.textContent || '').includes(probe.marker);
    };
    const frame = () => new Promise((resolve) => {
      if (document.visibilityState === 'visible') requestAnimationFrame(() => resolve());
      else setTimeout(resolve, 4);
    });
    const deadline = performance.now() + ${timeoutMs};
    while (performance.now() < deadline) {
      if (seen()) return performance.timeOrigin + performance.now();
      await frame();
    }
    return null;
  })()`;
  return (await page.evaluate(script)) as number | null;
}

/** Save until both the preview and the chart show the new rows. */
function wholeLoop(loop: LoopTimes): number {
  return Math.max(loop.at.previewDrawn as number, loop.at.chartDrawn as number);
}

function printPhases(loops: LoopTimes[]): void {
  log(`phases, median of ${loops.length} (ms since the save left the page; 'took' is since the row before):`);
  let previous = 0;
  for (const [key, words] of MILESTONES) {
    const values = loops.map((l) => l.at[key]).filter((v): v is number => v !== undefined);
    if (values.length === 0) {
      log(`  ${words.padEnd(78)}      -`);
      continue;
    }
    const at = median(values);
    const took = key.startsWith('dash') || key === 'chartDrawn' || key === 'stateAfter' || key === 'git' ? '' : `  took ${Math.round(at - previous)}`;
    if (took) previous = at;
    log(`  ${words.padEnd(78)} ${String(Math.round(at)).padStart(6)}${took}`);
  }
  const builtMs = median(loops.map((l) => l.built.reduce((sum, b) => sum + b.ms, 0)));
  log(`  changed nodes as the build reports them: ${Math.round(builtMs)} ms; the same queries straight on DuckDB: ${Math.round(median(loops.map((l) => l.ownQueriesMs)))} ms`);
}

/** The requests both pages made during the median loop: what the UI asks for, and when. */
function printRequests(loop: LoopTimes): void {
  log('API requests during one loop (page op start..end, ms since the save):');
  for (const r of loop.requests) log(`  ${r.page.padEnd(9)} ${r.op.padEnd(18)} ${String(Math.round(r.start)).padStart(6)} .. ${Math.round(r.end)}`);
}

async function waitFor<T>(work: Promise<T>, what: string, timeoutMs: number): Promise<T> {
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

function fail(what: string, recorder: Recorder): never {
  throw new Error(`loop bench: gave up after ${LOOP_WAIT_MS / 1000} s waiting for ${what}; the server said:\n  ${describe(recorder)}`);
}

/** The server's events so far, one a line, for an error message. */
function describe(recorder: Recorder): string {
  const line = ({ t, event }: { t: number; event: ApiEvent }): string => {
    const at = `${Math.round(t - recorder.t0)} ms ${event.event}`;
    if (event.event !== 'build') return at;
    const p = event.payload;
    return p.type === 'phase' ? `${at} ${p.phase}: ${p.message}` : `${at} ${p.node} ${p.status}${p.error ? ` (${p.error})` : ''}`;
  };
  return recorder.events.map(line).join('\n  ') || 'nothing';
}

function replaceOnce(text: string, find: string, replacement: string): string {
  if (!text.includes(find)) throw new Error(`loop bench: the example model no longer contains '${find.trim()}': update the edit in loop.bench.ts`);
  return text.replace(find, replacement);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function ms(value: number | undefined): string {
  return value === undefined ? '-' : `${Math.round(value)} ms`;
}

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}
