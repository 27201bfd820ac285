/**
 * Runs one statement at a time on a connection. A DuckDB connection has a single current result: a
 * second statement started while a stream is being read replaces it (on DuckDB-Wasm the first caller
 * would then read the second statement's rows), so statements queue here instead.
 */
/** The error both engines give a statement stopped by `interrupt()` (native DuckDB's own wording). */
export const INTERRUPTED = 'INTERRUPT Error: Interrupted!';

export const STREAM_OPEN_ERROR =
  'Invalid Input Error: a stream is still open on this connection; finish or break out of it first, or use another connection';

export class ConnectionGate {
  private tail: Promise<void> = Promise.resolve();
  private streaming = false;
  private busy = false;

  /** True while a statement runs or a stream is open: the only time an interrupt means something. */
  get active(): boolean {
    return this.busy;
  }

  /** True while a stream holds the connection; a statement queued now would wait for the stream to end. */
  get streamOpen(): boolean {
    return this.streaming;
  }

  /** Waits for the connection, then holds it until the returned release function is called. */
  async acquire(forStream: boolean): Promise<() => void> {
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const ready = this.tail;
    this.tail = ready.then(() => released);
    await ready;
    this.busy = true;
    this.streaming = forStream;
    return () => {
      this.busy = false;
      this.streaming = false;
      release();
    };
  }
}
