import type { AssayApi } from '../../shared/api.js';
import type { ApiEventListener } from './assay-client.js';

/** What Electron's preload exposes on `window.assay`: the same operations, and a subscription to events. */
export type PreloadBridge = AssayApi & {
  onEvent(listener: ApiEventListener): (() => void) | void;
};

declare global {
  interface Window {
    assay?: PreloadBridge;
  }
}
