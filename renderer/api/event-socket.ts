import type { ApiEvent } from '../../shared/api.js';
import type { ApiEventListener, Unsubscribe } from './assay-client.js';

export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(): void;
}

/** Opens a WebSocket wired to the handlers; declared here so tests can pass a stub without DOM types. */
export type OpenSocket = (url: string, handlers: SocketHandlers) => { close(): void };

export interface EventSocketOptions {
  url: string;
  openSocket: OpenSocket;
  /** Called after a dropped connection came back: events may have been missed, so state should be re-read. */
  onReconnect?: () => void;
  schedule?: (run: () => void, ms: number) => void;
}

const RETRY_MS = [250, 500, 1000, 2000, 5000];

/**
 * One WebSocket shared by every listener, reconnecting with back-off when the server goes away (it
 * restarts with the app's lifecycle, a laptop sleeps). Messages that are not `{event, payload}` are dropped.
 */
export function createEventSocket(options: EventSocketOptions): (listener: ApiEventListener) => Unsubscribe {
  const listeners = new Set<ApiEventListener>();
  const schedule = options.schedule ?? ((run, ms) => void setTimeout(run, ms));
  let socket: { close(): void } | null = null;
  let failures = 0;
  let everOpened = false;

  function connect(): void {
    const current = options.openSocket(options.url, {
      onOpen() {
        if (everOpened) options.onReconnect?.();
        everOpened = true;
        failures = 0;
      },
      onMessage(data) {
        const event = parseEvent(data);
        if (event) for (const listener of listeners) listener(event);
      },
      onClose() {
        if (socket !== current || listeners.size === 0) return;
        socket = null;
        const delay = RETRY_MS[Math.min(failures, RETRY_MS.length - 1)] ?? 5000;
        failures += 1;
        schedule(() => {
          if (!socket && listeners.size > 0) connect();
        }, delay);
      },
    });
    socket = current;
  }

  return (listener) => {
    listeners.add(listener);
    if (!socket) connect();
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && socket) {
        const closing = socket;
        socket = null;
        closing.close();
      }
    };
  };
}

export function parseEvent(data: unknown): ApiEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(data);
    if (typeof parsed === 'object' && parsed !== null && 'event' in parsed && 'payload' in parsed && typeof parsed.event === 'string') {
      return parsed as ApiEvent;
    }
  } catch {
    // A malformed frame is not worth breaking the stream for.
  }
  return null;
}
