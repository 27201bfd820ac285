import { access } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { appRoot } from '../core/workbench/app-root.js';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';
import { checkOrigin, checkToken, headerToken, newAccessToken, queryToken, type Refusal } from './access-guard.js';
import { handleApi, sendJson } from './api-route.js';
import { contentSecurityPolicy } from './content-security-policy.js';
import { EventSocket } from './event-socket.js';
import { MISSING_BUILD_MESSAGE, rendererFile, sendFile } from './static-files.js';

export interface ServerOptions {
  workbench: WorkbenchApi;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Loopback only: the server hands out the user's files to whoever holds the token. */
  host?: '127.0.0.1';
  /** Vite's output; `dist/renderer` in Assay's folder by default. */
  rendererDir?: string;
  /** Fixed token for tests; a random one otherwise. */
  token?: string;
}

export interface RunningServer {
  /** What to open: `http://127.0.0.1:PORT/?token=...`. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const COMMON_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** Browser mode: the renderer, `POST /api/<operation>` and the `/events` WebSocket on 127.0.0.1. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newAccessToken();
  const rendererDir = options.rendererDir ?? path.join(appRoot(), 'dist', 'renderer');
  const events = new EventSocket(options.workbench);
  let port = 0;

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
    route(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const refused = checkOrigin(req, port);
    if (refused) return refuse(res, refused);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      const denied = checkToken(token, headerToken(req));
      if (denied) return refuse(res, denied);
      res.setHeader('Cache-Control', 'no-store');
      return handleApi(req, res, url.pathname.slice('/api/'.length), options.workbench);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed\n');
    if (url.pathname === '/' || url.pathname === '/index.html') return serveIndex(res, url);
    if (url.pathname === '/events') return sendText(res, 426, 'connect to /events with a WebSocket\n');
    // Built scripts, styles and fonts hold no data, so they are served without the token.
    const file = await rendererFile(rendererDir, url.pathname);
    if (!file) return sendText(res, 404, 'not found\n');
    sendFile(res, file, url.pathname.startsWith('/assets/') ? { 'Cache-Control': 'public, max-age=31536000, immutable' } : {});
  }

  async function serveIndex(res: ServerResponse, url: URL): Promise<void> {
    const denied = checkToken(token, queryToken(url));
    if (denied) return refuse(res, denied);
    const index = path.join(rendererDir, 'index.html');
    if (!(await access(index).then(() => true, () => false))) return sendText(res, 503, MISSING_BUILD_MESSAGE);
    sendFile(res, index, { 'Content-Security-Policy': contentSecurityPolicy(port), 'Cache-Control': 'no-store' });
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const refused = checkOrigin(req, port) ?? (url.pathname === '/events' ? checkToken(token, queryToken(url)) : { status: 403 as const, reason: 'no such socket' });
    if (refused) {
      socket.end(`HTTP/1.1 ${refused.status} ${refused.status === 401 ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    events.upgrade(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      await events.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function refuse(res: ServerResponse, refusal: Refusal): void {
  sendText(res, refusal.status, `${refusal.reason}\n`);
}

function sendText(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}
