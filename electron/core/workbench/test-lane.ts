import type { BuildSummary } from '../../../shared/build-types.js';
import type { TestRunReport } from '../../../shared/test-types.js';
import { runTestPipeline, type TestPipelineOptions } from '../tests/test-pipeline.js';
import { TestBoard } from './test-board.js';

/**
 * The app's test runs, one at a time: each records into the board the run before it left, so a
 * run asked for in the UI and the run after a save never overwrite each other's results. Every
 * recorded board is handed to `announce` (the page shows it as it lands).
 */
export class TestLane {
  private tail: Promise<unknown> = Promise.resolve();
  /** Counts builds whose tests were asked for: a run after a build that a newer build replaced is not worth starting. */
  private latestBuild = 0;

  constructor(
    private readonly reportsDir: () => string,
    private readonly announce: (board: TestRunReport) => void,
  ) {}

  /** Runs the pipeline as asked (the Tests screen, a stage, a selection) and records it. */
  run(env: string, options: TestPipelineOptions): Promise<TestRunReport> {
    return this.enqueue(() => this.record(env, options));
  }

  /**
   * Runs the tests of the nodes a build rebuilt, on the environment it published, without building
   * again. Resolves with null when there was nothing to test or a newer build came first.
   */
  afterBuild(env: string, build: BuildSummary, options: Omit<TestPipelineOptions, 'select' | 'builtBy'>): Promise<TestRunReport | null> {
    const rebuilt = build.nodes.filter((node) => node.status === 'built').map((node) => node.node);
    const generation = ++this.latestBuild;
    if (rebuilt.length === 0 || build.status === 'cancelled') return Promise.resolve(null);
    return this.enqueue(async () => (generation === this.latestBuild ? this.record(env, { ...options, select: rebuilt, builtBy: build }) : null));
  }

  /** Waits for every run asked for so far (tests, closing the project). */
  async idle(): Promise<void> {
    await this.tail;
  }

  private async record(env: string, options: TestPipelineOptions): Promise<TestRunReport> {
    const board = new TestBoard(this.reportsDir());
    const before = await board.read(env);
    const recorded = await board.record(await runTestPipeline(options), before);
    this.announce(recorded);
    return recorded;
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
