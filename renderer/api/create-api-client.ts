import type { AssayClient } from './assay-client.js';
import { createEventSocket } from './event-socket.js';
import { createHttpApi } from './http-api.js';
import './preload-bridge.js';

/**
 * The client the stores use: Electron's preload bridge when it is there, otherwise browser mode,
 * talking to the server that served this page with the token it was given in the URL.
 */
export function createApiClient(onReconnect?: () => void): AssayClient {
  const bridge = window.assay;
  if (bridge) {
    return {
      ...bridge,
      onEvent: (listener) => bridge.onEvent(listener) ?? (() => undefined),
    };
  }
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const api = createHttpApi({ baseUrl: location.origin, token, fetch: (url, init) => fetch(url, init) });
  const wsProtocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const subscribe = createEventSocket({
    url: `${wsProtocol}//${location.host}/events?token=${encodeURIComponent(token)}`,
    openSocket: (url, handlers) => {
      const socket = new WebSocket(url);
      socket.onopen = () => handlers.onOpen();
      socket.onmessage = (message) => handlers.onMessage(message.data);
      socket.onclose = () => handlers.onClose();
      return socket;
    },
    onReconnect,
  });
  return { ...api, onEvent: subscribe };
}
