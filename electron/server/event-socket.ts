import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';

/** Past this many unsent bytes a client is too slow to follow the build; it is dropped and reconnects. */
const MAX_BUFFERED_BYTES = 16 * 1024 * 1024;

/**
 * `/events`: every ApiEvent, as one JSON text message each, to every connected UI. The caller has
 * already checked the request's token, host and origin before handing the upgrade over.
 */
export class EventSocket {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly unsubscribe: () => void;

  constructor(workbench: WorkbenchApi) {
    this.unsubscribe = workbench.onEvent((event) => {
      const text = JSON.stringify(event);
      for (const client of this.wss.clients) this.send(client, text);
    });
    // The UI only listens; anything it sends is ignored.
    this.wss.on('connection', (socket) => socket.on('message', () => undefined));
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.wss.handleUpgrade(req, socket, head, (ws) => this.wss.emit('connection', ws, req));
  }

  async close(): Promise<void> {
    this.unsubscribe();
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private send(client: WebSocket, text: string): void {
    if (client.readyState !== client.OPEN) return;
    if (client.bufferedAmount > MAX_BUFFERED_BYTES) {
      client.terminate();
      return;
    }
    client.send(text);
  }
}
