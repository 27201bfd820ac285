import type { ApiEvent, AssayApi } from '../../shared/api.js';

export type ApiEventListener = (event: ApiEvent) => void;
export type Unsubscribe = () => void;

/** Every operation of the contract plus the event stream: the shape of the preload bridge and of the HTTP client alike. */
export type AssayClient = AssayApi & {
  onEvent(listener: ApiEventListener): Unsubscribe;
};
