import { closeEnvironmentReaders } from '../env/environment-reader.js';
import type { ApiResult, ProjectState } from '../../../shared/api.js';
import type { BuildSummary } from '../../../shared/build-types.js';
import { assayPaths } from '../env/assay-paths.js';
import { resolveBuildTarget } from '../build/build-target.js';
import { assayHome } from './assay-home.js';
import { BuildRunner } from './build-runner.js';
import { DashboardReadAhead } from './dashboard-read-ahead.js';
import { dashboardOperations } from './dashboard-operations.js';
import { environmentHistoryOperations } from './environment-history-operations.js';
import { createDispatch, errorMessage, type OperationHandlers } from './dispatch.js';
import { createProjectBranch, switchProjectBranch } from './git-state.js';
import { LiveProject } from './live-project.js';
import { readModel } from './model-files.js';
import { writeFileAtomically } from '../files/write-file-atomically.js';
import { nodeStates } from './node-states.js';
import { openWithSystem, type OpenPath } from './open-local-path.js';
import { packageOperations } from './package-operations.js';
import { previewNode } from './preview.js';
import { queryEnvironment } from './environment-console.js';
import { branchHistory, branchRun } from '../runs/branch-history.js';
import { nodeFile } from './project-paths.js';
import { reviewOperations } from './review-operations.js';
import type { BuildPlan } from './rebuild-plan.js';
import type { Project } from '../project/project.js';
import { RecentProjects } from './recent-projects.js';
import { refreshOperations } from './refresh-operations.js';
import { StateAnnouncer } from './state-announcer.js';
import { suggestOperations } from './suggest-operations.js';
import { TestLane } from './test-lane.js';
import { WarehouseLane, warehouseOperations } from './warehouse-operations.js';
import type { WorkbenchApi } from './workbench-api.js';
import { WorkbenchEvents, type ApiEventListener } from './workbench-events.js';

export interface WorkbenchOptions {
  /** Per-user state (recent projects); `ASSAY_HOME` or `~/.assay` by default. */
  home?: string;
  /** Follow the project folder and git's HEAD (default true). */
  watch?: boolean;
  /** Rebuild what a change on disk affects (default true). */
  autoBuild?: boolean;
  debounceMs?: number;
  /** Opens a published page or folder on the desktop; the system's opener by default. */
  openPath?: OpenPath;
  /** After an automatic rebuild, run the tests of the nodes it rebuilt (default true). */
  autoTest?: boolean;
}

/**
 * The core behind every front door: each operation of the contract, run on the open project, and
 * the events that keep the UI in step with the disk. Plain Node: the browser-mode server uses it
 * in-process, Electron runs it in a utility process.
 */
export class Workbench implements WorkbenchApi {
  readonly operations: OperationHandlers;
  readonly dispatch: (name: string, rawArgs: unknown) => Promise<ApiResult<unknown>>;
  private readonly events = new WorkbenchEvents();
  private readonly readAhead = new DashboardReadAhead();
  private readonly runner = new BuildRunner((payload) => {
    // Started before the page hears of it: by the time it asks, the changed elements are running.
    if (payload.type === 'phase' && payload.phase === 'done') this.readAhead.published(payload.env);
    this.events.emit({ event: 'build', payload });
  });
  private readonly tests = new TestLane(() => assayPaths(this.open().root).reportsDir, (board) => this.events.emit({ event: 'tests', payload: board }));
  private readonly warehouse = new WarehouseLane();
  private readonly recent: RecentProjects;
  private live: LiveProject | null = null;
  private readonly announcer = new StateAnnouncer(
    async () => {
      const live = this.live;
      if (!live) return null;
      const state = await this.state(live, { waitForGit: false });
      return this.live === live ? state : null;
    },
    // The git state is taken as the event leaves: a 'git' event sent while the state was computed must not be undone by it.
    (payload) => this.events.emit({ event: 'project', payload: { ...payload, git: this.live?.lastGitState ?? payload.git } }),
    (err) => process.stderr.write(`assay: could not read the project state: ${errorMessage(err)}\n`),
  );

  constructor(private readonly options: WorkbenchOptions = {}) {
    this.recent = RecentProjects.inHome(options.home ?? assayHome());
    this.operations = {
      openProject: ({ dir }) => this.openProject(dir),
      recentProjects: () => this.recent.list(),
      projectState: async () => (this.live ? this.state(this.live) : null),
      readModel: async ({ node }) => readModel(this.open().snapshot, await this.env(), node),
      saveModel: async ({ node, sql }) => {
        const live = this.open();
        const { file, abs } = await nodeFile(live.snapshot.project, node, ['model']);
        // Whole or not at all, never through a link planted beside it (see writeFileAtomically).
        await live.writeOwn(file, async () => {
          await writeFileAtomically(abs, sql);
          return sql;
        });
        return { file };
      },
      previewNode: async ({ node, ...request }) => previewNode(this.open().snapshot, await this.env(), node, request),
      queryEnvironment: async ({ sql, limit }) => {
        const live = this.open();
        return queryEnvironment({ projectRoot: live.root, compiled: live.snapshot.compiled, env: await this.env(), sql, limit });
      },
      runHistory: ({ branch }) => branchHistory(this.open().root, branch),
      runDetail: ({ branch, run }) => branchRun(this.open().root, run, branch),
      startBuild: async ({ branch, select, fullRefresh }) => {
        const live = this.open();
        try {
          return await this.runner.start({ projectRoot: live.root, branch, select, fullRefresh });
        } finally {
          void this.emitState(live);
        }
      },
      cancelBuild: async () => ({ cancelled: this.runner.cancel() }),
      environmentStatus: async () => nodeStates(this.open().snapshot, await this.env()),
      gitState: async () => this.open().gitState(),
      switchBranch: async ({ branch, stash }) => {
        const live = this.idleProject(`switch to '${branch}'`);
        await switchProjectBranch(live.root, branch, stash ?? false);
        return this.afterBranchChange(live);
      },
      createBranch: async ({ branch, switchTo }) => {
        const live = this.idleProject(`create branch '${branch}'`);
        await createProjectBranch(live.root, branch, switchTo);
        return this.afterBranchChange(live);
      },
      ...packageOperations({
        root: () => this.open().root,
        installPath: () => this.open().snapshot.project.config['packages-install-path'] ?? 'dbt_packages',
        idleRoot: (doing) => this.idleProject(doing).root,
        emit: (event) => this.events.emit(event),
        reload: async () => {
          await this.afterBranchChange(this.open());
        },
      }),
      ...dashboardOperations({
        root: () => this.open().root,
        env: () => this.env(),
        project: () => this.open().snapshot.project,
        openPath: options.openPath ?? openWithSystem,
        readAhead: this.readAhead,
      }),
      ...suggestOperations({ live: () => this.open(), env: () => this.env() }),
      ...refreshOperations({ root: () => this.open().root }),
      ...warehouseOperations({ root: () => this.open().root, emit: (event) => this.events.emit(event) }, this.warehouse),
      ...environmentHistoryOperations({
        root: () => this.open().root,
        idleRoot: (doing) => this.idleProject(doing).root,
        restored: () => this.emitState(this.open()),
      }),
      ...reviewOperations({
        root: () => this.open().root,
        env: () => this.env(),
        nodeFile: async (node) => (await nodeFile(this.open().snapshot.project, node, ['model', 'seed'])).file,
        emit: (event) => this.events.emit(event),
        changed: async () => {
          await this.afterBranchChange(this.open());
        },
        testLane: this.tests,
      }),
    };
    this.dispatch = createDispatch(this.operations);
  }

  onEvent(listener: ApiEventListener): () => void {
    return this.events.on(listener);
  }

  /** Waits for pending file changes and the rebuilds they started (tests, shutdown). */
  async settled(): Promise<void> {
    await this.live?.settled();
    await this.runner.idle();
    await this.tests.idle();
    await this.readAhead.settled();
  }

  async close(): Promise<void> {
    this.runner.cancel();
    this.warehouse.cancel();
    await Promise.all([this.runner.idle(), this.warehouse.idle()]);
    await this.tests.idle();
    this.readAhead.forget();
    await this.readAhead.settled();
    const root = this.live?.root;
    await this.live?.close();
    this.live = null;
    if (root) await closeEnvironmentReaders(root);
  }

  private async openProject(dir: string): Promise<ProjectState> {
    const live = await LiveProject.open(dir, {
      watch: this.options.watch,
      debounceMs: this.options.debounceMs,
      emit: (event) => this.events.emit(event),
      reloaded: () => this.emitState(live),
      rebuild: (plan) => this.rebuild(live, plan),
      onError: (err) => process.stderr.write(`assay: ${errorMessage(err)}\n`),
    });
    // The previous project stays open until the new one has loaded: a wrong folder changes nothing.
    await this.close();
    this.live = live;
    await this.recent.add(live.root, live.snapshot.project.name);
    const state = await this.state(live);
    this.events.emit({ event: 'project', payload: state });
    return state;
  }

  private async rebuild(live: LiveProject, plan: BuildPlan): Promise<void> {
    if (this.live !== live) return;
    if (this.options.autoBuild === false) {
      await this.emitState(live);
      return;
    }
    while (this.runner.busy) await this.runner.idle();
    let build: BuildSummary | null = null;
    // The project just reloaded for this change: the build and its tests take it rather than read every file again.
    const loaded = live.snapshot.project;
    try {
      // The build adds the ancestors its environment does not hold: it has the fingerprints to tell them.
      const select = plan.kind === 'select' ? plan.select : undefined;
      build = await this.runner.start({ projectRoot: live.root, select, withUnbuiltAncestors: true, loaded });
    } catch (err) {
      const env = await this.env().catch(() => 'unknown');
      this.events.emit({ event: 'build', payload: { type: 'phase', env, phase: 'done', message: `automatic rebuild failed: ${errorMessage(err)}` } });
    }
    await this.emitState(live);
    if (build && (this.options.autoTest ?? true)) void this.testRebuilt(live, build, loaded);
  }

  /** The tests of what a save rebuilt run on their own, after the new state is on screen; their results arrive as events. */
  private async testRebuilt(live: LiveProject, build: BuildSummary, loaded: Project): Promise<void> {
    try {
      await this.tests.afterBuild(build.env, build, {
        projectRoot: live.root,
        loaded,
        onEvent: (payload) => this.events.emit({ event: 'build', payload }),
        onResult: (payload) => this.events.emit({ event: 'test', payload }),
      });
    } catch (err) {
      if (this.live === live) process.stderr.write(`assay: the tests after a rebuild failed: ${errorMessage(err)}\n`);
    }
  }

  private async afterBranchChange(live: LiveProject) {
    await live.reload();
    await live.emitGitIfChanged();
    await this.emitState(live);
    return live.gitState();
  }

  /** The project state; an announcement takes the git state as last read rather than wait for a read a change started. */
  private async state(live: LiveProject, { waitForGit = true } = {}): Promise<ProjectState> {
    const known = waitForGit ? null : live.lastGitState;
    const [git, env] = await Promise.all([known ?? live.gitState(), this.env()]);
    return { project: live.snapshot.summary, git, env, nodes: await nodeStates(live.snapshot, env) };
  }

  /** Announces the project state; a failure to read it is logged, never thrown at whoever triggered it. */
  private async emitState(live: LiveProject): Promise<void> {
    if (this.live === live) await this.announcer.request();
  }

  /** The environment of the checked-out branch (`local` outside git). */
  private async env(): Promise<string> {
    return (await resolveBuildTarget(this.open().root)).env;
  }

  private open(): LiveProject {
    if (!this.live) throw new Error('no project is open: open a project folder first');
    return this.live;
  }

  private idleProject(doing: string): LiveProject {
    if (this.runner.busy) throw new Error(`cannot ${doing} while a build is running: cancel it or wait for it to finish`);
    return this.open();
  }
}
