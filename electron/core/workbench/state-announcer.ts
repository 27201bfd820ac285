import type { ProjectState } from '../../../shared/api.js';

/**
 * Computes and sends the project state one computation at a time. A request made while one runs
 * leads to exactly one more, so the last state sent is never older than the last request: a state
 * read during a build (old environment, new files) can never arrive after the one read once the
 * build had published.
 */
export class StateAnnouncer {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    /** The current state, or null when there is nothing to announce (no project, or it changed meanwhile). */
    private readonly compute: () => Promise<ProjectState | null>,
    private readonly send: (state: ProjectState) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Resolves once a state computed after this call has been sent. */
  request(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.loop().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        const state = await this.compute();
        if (state) this.send(state);
      } catch (err) {
        this.onError(err);
      }
    } while (this.again);
  }
}
