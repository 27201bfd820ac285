import type { ApiEvent, ApiResult } from '../../shared/api.js';

/** Main process → workbench utility process. */
export type ToWorkbench = { type: 'call'; id: number; name: string; args: unknown };

/** Workbench utility process → main process. */
export type FromWorkbench =
  | { type: 'ready' }
  | { type: 'result'; id: number; result: ApiResult<unknown> }
  | { type: 'event'; event: ApiEvent };
