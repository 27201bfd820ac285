import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import { buildBranch } from '../build/build-branch.js';

export interface BuildRequest {
  projectRoot: string;
  branch?: string;
  select?: string[];
  fullRefresh?: boolean;
}

export class BuildBusyError extends Error {}

/**
 * Runs one build at a time and forwards its progress. A second request while one runs is refused
 * rather than queued: the UI shows the running build and can cancel it.
 */
export class BuildRunner {
  private running: { controller: AbortController; done: Promise<unknown> } | null = null;

  constructor(private readonly onEvent: (event: BuildEvent) => void) {}

  get busy(): boolean {
    return this.running !== null;
  }

  async start(request: BuildRequest): Promise<BuildSummary> {
    if (this.running) throw new BuildBusyError('a build is already running; cancel it or wait for it to finish');
    const controller = new AbortController();
    const done = buildBranch({ ...request, signal: controller.signal, onEvent: this.onEvent, record: true });
    this.running = { controller, done };
    try {
      return (await done).target;
    } finally {
      this.running = null;
    }
  }

  /** Asks the running build to stop; it then resolves with status `cancelled` and leaves the previous environment as it was. */
  cancel(): boolean {
    if (!this.running || this.running.controller.signal.aborted) return false;
    this.running.controller.abort();
    return true;
  }

  /** Waits for the running build, if any, to settle (used before closing a project). */
  async idle(): Promise<void> {
    await this.running?.done.catch(() => undefined);
  }
}
