import type { BuildEvent, BuildSummary } from '../../../shared/build-types.js';
import { buildBranch } from '../build/build-branch.js';
import type { Project } from '../project/project.js';
import { CancellableLane } from './cancellable-lane.js';

export interface BuildRequest {
  projectRoot: string;
  branch?: string;
  select?: string[];
  /** With `select`: its ancestors the environment does not hold up to date are built too (a save's build). */
  withUnbuiltAncestors?: boolean;
  fullRefresh?: boolean;
  /** The open project as just read from the working tree (see buildBranch). */
  loaded?: Project;
}

export class BuildBusyError extends Error {}

/**
 * Runs one build at a time and forwards its progress. A second request while one runs is refused
 * rather than queued: the UI shows the running build and can cancel it.
 */
export class BuildRunner {
  private readonly lane = new CancellableLane(() => new BuildBusyError('a build is already running; cancel it or wait for it to finish'));

  constructor(private readonly onEvent: (event: BuildEvent) => void) {}

  get busy(): boolean {
    return this.lane.busy;
  }

  async start(request: BuildRequest): Promise<BuildSummary> {
    return (await this.lane.run((signal) => buildBranch({ ...request, signal, onEvent: this.onEvent, record: true }))).target;
  }

  /** Asks the running build to stop; it then resolves with status `cancelled` and leaves the previous environment as it was. */
  cancel(): boolean {
    return this.lane.cancel();
  }

  /** Waits for the running build, if any, to settle (used before closing a project). */
  async idle(): Promise<void> {
    await this.lane.idle();
  }
}
