import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { operationNames, type ApiEvent, type AssayApi, type OperationName } from '../../shared/api.js';
import { EVENT_CHANNEL, operationChannel } from './ipc-channels.js';

/** What the renderer finds at `window.assay`: one function per operation, and the event stream. */
export type AssayBridge = AssayApi & { onEvent(listener: (event: ApiEvent) => void): () => void };

/**
 * One named function per operation of the contract, each bound to its own channel and passing on
 * exactly one argument, so that the page can reach nothing in the main process but the contract.
 */
function operationFunction(name: OperationName): (args: unknown) => Promise<unknown> {
  const channel = operationChannel(name);
  return (args) => ipcRenderer.invoke(channel, args);
}

const bridge: Record<string, unknown> = {};
for (const name of operationNames) bridge[name] = operationFunction(name);
bridge.onEvent = (listener: (event: ApiEvent) => void): (() => void) => {
  if (typeof listener !== 'function') throw new TypeError('onEvent needs a function');
  // The IPC event object (with its sender) stays here; the page only sees the payload.
  const relay = (_event: IpcRendererEvent, payload: ApiEvent) => listener(payload);
  ipcRenderer.on(EVENT_CHANNEL, relay);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNEL, relay);
  };
};

contextBridge.exposeInMainWorld('assay', Object.freeze(bridge as AssayBridge));
