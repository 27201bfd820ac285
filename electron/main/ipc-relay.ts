import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { operationNames, type ApiResult } from '../../shared/api.js';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';
import { EVENT_CHANNEL, operationChannel } from '../preload/ipc-channels.js';
import { APP_ORIGIN } from './app-protocol.js';

/**
 * One `ipcMain.handle('assay:<operation>')` per operation of the contract, each relayed to the
 * workbench process, and the workbench's events sent to the window. A call from any frame that is
 * not the app's own page (an iframe, a page navigated elsewhere) is refused.
 */
export function relayOperations(workbench: WorkbenchApi, target: () => WebContents | null): () => void {
  for (const name of operationNames) {
    ipcMain.handle(operationChannel(name), (event: IpcMainInvokeEvent, args: unknown): Promise<ApiResult<unknown>> => {
      if (!fromAppPage(event)) return Promise.resolve({ ok: false, error: 'refused: the call did not come from the Assay window' });
      return workbench.dispatch(name, args);
    });
  }
  const unsubscribe = workbench.onEvent((event) => {
    const contents = target();
    if (contents && !contents.isDestroyed()) contents.send(EVENT_CHANNEL, event);
  });
  return () => {
    unsubscribe();
    for (const name of operationNames) ipcMain.removeHandler(operationChannel(name));
  };
}

function fromAppPage(event: IpcMainInvokeEvent): boolean {
  const url = event.senderFrame?.url;
  if (!url) return false;
  try {
    return new URL(url).origin === APP_ORIGIN;
  } catch {
    return false;
  }
}
