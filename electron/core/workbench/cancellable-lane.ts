/**
 * One cancellable job at a time (a local build, a warehouse build): a second is refused rather than
 * queued, since the UI shows the running one and can cancel it.
 */
export class CancellableLane {
  private running: { controller: AbortController; done: Promise<unknown> } | null = null;

  constructor(private readonly refuse: () => Error) {}

  get busy(): boolean {
    return this.running !== null;
  }

  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.running) throw this.refuse();
    const controller = new AbortController();
    const done = work(controller.signal);
    this.running = { controller, done };
    try {
      return await done;
    } finally {
      this.running = null;
    }
  }

  /** Asks the running job to stop; false when none runs or it was asked already. */
  cancel(): boolean {
    if (!this.running || this.running.controller.signal.aborted) return false;
    this.running.controller.abort();
    return true;
  }

  /** Waits for the running job, if any, to settle. */
  async idle(): Promise<void> {
    await this.running?.done.catch(() => undefined);
  }
}
