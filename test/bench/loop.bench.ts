import { mkdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ApiEvent, ApiResult } from '../../shared/api.js';
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
import { fail, FIRST_BUILD_WAIT_MS, LOOP_WAIT_MS, Recorder, waitFor } from './loop/loop-recorder.js';
import { SCENARIOS, type Scenario } from './loop/loop-scenarios.js';
import { log, median, ms, now, printPhases, printRequests, rowsAndChart, wholeLoop, type LoopTimes, type Milestone } from './loop/loop-timeline.js';
import { baselines } from './loop/own-queries.js';
import { apiScript, drawnAt, saveScript } from './loop/page-probes.js';
import { PageBusy } from './loop/page-busy.js';

/**
 * The analyst's inner loop (issue 18), in browser mode with Chromium on the example project at
 * benchmark size: save a model's SQL through the API as the editor does, and measure until the
 * open data preview shows the new rows, until the dashboard element that reads it is redrawn
 * (in a second page), and until the page has the results of the rebuilt nodes' tests (the app runs
 * them after the build). Once for a leaf model a dashboard reads (dim_customer), once for a change two
 * levels above that dashboard element (stg_customers, which dim_customer reads). Every phase is
 * timestamped relative to the save, from the workbench's events and the pages' requests and
 * frames; the baseline is the changed nodes' own queries run straight on DuckDB in a copy of the
 * environment the loop built.
 */

const RUNS = Number(process.env.BENCH_LOOP_RUNS ?? 5);
/** BENCH_LOOP_SCENARIO=leaf (or =up) measures one scenario, for comparing two versions on a noisy machine; BENCH_LOOP_PROFILE=<folder> writes the pages' JavaScript profiles there. */
const ONLY = process.env.BENCH_LOOP_SCENARIO;
const ASSAY_PART_GOAL_MS = 150;
const LEAF_LOOP_GOAL_MS = 500;

export async function run(): Promise<BenchResult[]> {
  const root = await generateBenchProject();
  log(`bench project (${benchRows.toLocaleString('en-US')} rows): ${root}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${availableParallelism()} cores`);
  let rendererDir = '';
  let browser: Browser | undefined;
  let assay: RunningAssay | undefined;
  const pages: AppPage[] = [];
  try {
    [rendererDir, browser] = await Promise.all([buildRenderer(), launchChromium()]);
    // BENCH_AUTO_TEST=0 measures the loop without the tests the app runs after a save (to see what they cost the rest).
    const autoTest = process.env.BENCH_AUTO_TEST !== '0';
    log(`tests after a save: ${autoTest ? 'on (the app\'s default)' : 'off (BENCH_AUTO_TEST=0)'}`);
    assay = await startAssay(rendererDir, { autoBuild: true, autoTest });
    const bench = await LoopBench.start(browser, assay, root, pages);
    const results: BenchResult[] = [];
    for (const scenario of SCENARIOS.filter((s) => !ONLY || s.key === ONLY)) results.push(...(await bench.measure(scenario)));
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

class LoopBench {
  private recorder: Recorder | null = null;

  private constructor(
    private readonly assay: RunningAssay,
    private readonly root: string,
    private readonly token: string,
    private readonly editorPage: Page,
    private readonly dashboardPage: Page,
    private readonly busy: PageBusy,
  ) {}

  static async start(browser: Browser, assay: RunningAssay, root: string, pages: AppPage[]): Promise<LoopBench> {
    const token = new URL(assay.url).searchParams.get('token') ?? '';
    const editor = await openAppPage(browser, assay.url);
    pages.push(editor);
    const dashboard = await openAppPage(browser, assay.url);
    pages.push(dashboard);
    for (const app of [editor, dashboard]) app.page.setDefaultTimeout(LOOP_WAIT_MS);
    const bench = new LoopBench(assay, root, token, editor.page, dashboard.page, await PageBusy.follow({ editor: editor.page, dashboard: dashboard.page }));
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
    const profileDir = process.env.BENCH_LOOP_PROFILE;
    // One warm-up loop (marker 0), then the measured ones.
    for (let k = 0; k <= RUNS; k++) {
      const loop = await this.loop(scenario, scenario.edit(original, `~${scenario.tag}${k}`), `~${scenario.tag}${k}`);
      log(`${k === 0 ? 'warm-up' : `run ${k}`}: preview ${ms(loop.at.previewDrawn)}, chart ${ms(loop.at.chartDrawn)}; built ${loop.built.map((b) => `${b.node} ${Math.round(b.ms)} ms`).join(', ')}; own queries straight on DuckDB ${ms(loop.ownQueriesMs)} (${loop.ownQueries}), ${scenario.element}'s query ${ms(loop.elementQueryMs)}`);
      if (k > 0) loops.push(loop);
      // The measured loops only: the warm-up's first drawing is not the loop's.
      if (k === 0 && profileDir) await this.busy.startProfiles();
    }
    if (profileDir) log(`page profiles of the measured loops: ${(await this.busy.saveProfiles(await mkdir(profileDir, { recursive: true }).then(() => profileDir))).join(', ')}`);
    printPhases(loops);
    const byWhole = [...loops].sort((a, b) => wholeLoop(a) - wholeLoop(b));
    printRequests(byWhole[Math.floor(byWhole.length / 2)] as LoopTimes);

    const preview = median(loops.map((l) => l.at.previewDrawn as number));
    const chart = median(loops.map((l) => l.at.chartDrawn as number));
    const whole = median(loops.map(wholeLoop));
    const tests = median(loops.map((l) => l.at.wsTests ?? NaN));
    const own = median(loops.map((l) => l.ownQueriesMs));
    const assayPart = median(loops.map((l) => wholeLoop(l) - l.ownQueriesMs));
    const rebuilt = (loops[0] as LoopTimes).built.map((b) => b.node).join('+');
    const baseline = { name: "the changed nodes' own queries straight on DuckDB", ms: own };
    const phase = (from: Milestone, to: Milestone) => Math.round(median(loops.map((l) => (l.at[to] ?? NaN) - (l.at[from] ?? NaN))));
    const leaf = scenario.changed === scenario.previewed;
    return [
      {
        scenario: `loop, ${scenario.name}: save -> preview, dashboard element and tests updated (median of ${loops.length})`,
        ms: whole,
        baseline,
        ...(leaf ? { goal: `whole loop under ${LEAF_LOOP_GOAL_MS} ms`, met: whole < LEAF_LOOP_GOAL_MS } : {}),
        extra: {
          'preview ms': Math.round(preview),
          'tests ms': Math.round(tests),
          'rows+chart ms': Math.round(median(loops.map(rowsAndChart))),
          'load avg': loadavg().map((l) => l.toFixed(1)).join('/'),
          'chart ms': Math.round(chart),
          rebuilt,
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
          // The chart waits for two queries of the user's: the rebuilt nodes' and the element's. The rest is Assay's.
          'chart beside its queries': Math.round(median(loops.map((l) => (l.at.chartDrawn as number) - l.ownQueriesMs - l.elementQueryMs))),
          'element query straight': Math.round(median(loops.map((l) => l.elementQueryMs))),
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
          'editor page busy': Math.round(median(loops.map((l) => l.pageBusyMs.editor ?? NaN))),
          'dashboard page busy': Math.round(median(loops.map((l) => l.pageBusyMs.dashboard ?? NaN))),
          'state -> first test result': phase('stateAfter', 'testResult'),
          'tests of rebuilt nodes': phase('stateAfter', 'testsDone'),
        },
      },
    ];
  }

  /** One save and everything it sets off, until both pages show the new rows and the server is idle. */
  private async loop(scenario: Scenario, sql: string, marker: string): Promise<LoopTimes> {
    await this.quiet();
    const recorder = new Recorder();
    this.recorder = recorder;
    const busyBefore = await this.busy.read();
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
    if (recorder.events.some((e) => e.event.event === 'tests')) {
      await waitFor(recorder.frameArrived('editor', 'tests'), `the page to get the tests of ${scenario.changed}'s rebuild`, LOOP_WAIT_MS);
    }
    this.recorder = null;
    const busyAfter = await this.busy.read();

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
    const own = await baselines(this.root, built.map((b) => b.node), scenario.dashboard, scenario.element);
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
        testResult: firstEvent((e) => e.event === 'test', doneAt),
        testsDone: firstEvent((e) => e.event === 'tests', doneAt),
        wsTests: rel(recorder.frames.find((f) => f.page === 'editor' && f.event.event === 'tests' && f.t - recorder.t0 >= doneAt)?.t),
      },
      built,
      requests,
      ownQueriesMs: own.ms,
      ownQueries: own.text,
      elementQueryMs: own.elementMs,
      pageBusyMs: Object.fromEntries(Object.entries(busyAfter).map(([page, ms]) => [page, ms - (busyBefore[page] ?? 0)])),
    };
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
