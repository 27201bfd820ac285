import type { ApiEvent } from '../../../shared/api.js';

export type ApiEventListener = (event: ApiEvent) => void;

/** The events the core pushes to every front door (IPC, WebSocket). A failing listener never stops the others. */
export class WorkbenchEvents {
  private readonly listeners = new Set<ApiEventListener>();

  on(listener: ApiEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: ApiEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        process.stderr.write(`assay: an event listener failed: ${err instanceof Error ? err.message : String(err)}\n`);
      }
    }
  }
}
