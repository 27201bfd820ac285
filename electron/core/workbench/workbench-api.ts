import type { ApiResult } from '../../../shared/api.js';
import type { ApiEventListener } from './workbench-events.js';

/**
 * What a front door (the browser-mode server, Electron's IPC relay) needs from the core: one entry
 * for every operation by name, and the event stream. The Workbench implements it in-process; in
 * Electron a client of the utility process implements it in the main process.
 */
export interface WorkbenchApi {
  dispatch(name: string, rawArgs: unknown): Promise<ApiResult<unknown>>;
  onEvent(listener: ApiEventListener): () => void;
}
