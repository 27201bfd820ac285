/**
 * Collects file changes for `delayMs` after the last one, then hands them over in one batch. Batches
 * never overlap: changes that arrive while one is being handled wait for the next, so a save during
 * a rebuild leads to one more rebuild, not to two at once.
 */
export class ChangeBatcher {
  private pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;

  constructor(
    private readonly delayMs: number,
    private readonly handle: (files: string[]) => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** `now`: no quiet time is waited for (a change the app made itself, complete when it is told). */
  add(files: string[], now = false): void {
    if (this.closed) return;
    for (const file of files) this.pending.add(file);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), now ? 0 : this.delayMs);
  }

  /** Resolves when nothing is pending or running (for tests and for closing a project). */
  async settled(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    }
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending.clear();
  }

  private flush(): void {
    this.timer = null;
    if (this.running || this.pending.size === 0) return;
    const files = [...this.pending];
    this.pending.clear();
    this.running = this.handle(files)
      .catch(this.onError)
      .finally(() => {
        this.running = null;
        if (this.pending.size > 0 && !this.timer && !this.closed) this.flush();
      });
  }
}
