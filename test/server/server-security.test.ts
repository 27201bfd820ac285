import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ApiEvent } from '../../shared/api.js';
import { startServer, type RunningServer } from '../../electron/server/start-server.js';
import { openTempWorkbench, type TempWorkbench } from '../workbench/temp-workbench.js';
import { apiCall, rawRequest } from './http-client.js';

describe('the browser-mode server', () => {
  let t: TempWorkbench;
  let server: RunningServer;
  let rendererDir: string;
  let auth: Record<string, string>;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop');
    rendererDir = await mkdtemp(path.join(tmpdir(), 'assay-renderer-'));
    await mkdir(path.join(rendererDir, 'assets'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
    await writeFile(path.join(rendererDir, 'assets', 'app.js'), 'console.log("assay")');
    server = await startServer({ workbench: t.workbench, port: 0, rendererDir });
    auth = { 'x-assay-token': server.token };
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
    await rm(rendererDir, { recursive: true, force: true });
  });

  it('listens on 127.0.0.1 with a random URL-safe token in the URL it prints', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{32}$/);
  });

  it('answers an API call without the token, or with a wrong one, with 401', async () => {
    expect((await apiCall(server.port, 'projectState', {}, {})).status).toBe(401);
    expect((await apiCall(server.port, 'projectState', {}, { 'x-assay-token': 'wrong' })).status).toBe(401);
    expect((await apiCall(server.port, 'projectState', {}, { 'x-assay-token': `${server.token}x` })).status).toBe(401);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin with 403, even with the token', async () => {
    const evilHost = await apiCall(server.port, 'projectState', {}, { ...auth, host: `evil.example:${server.port}` });
    expect(evilHost.status).toBe(403);
    const wrongPort = await apiCall(server.port, 'projectState', {}, { ...auth, host: `127.0.0.1:${server.port + 1}` });
    expect(wrongPort.status).toBe(403);
    const evilOrigin = await apiCall(server.port, 'projectState', {}, { ...auth, origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    const index = await rawRequest(server.port, { path: `/?token=${server.token}`, headers: { host: `evil.example:${server.port}` } });
    expect(index.status).toBe(403);
  });

  it('answers a valid call with 200 and the ApiResult, from localhost too', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const res = await apiCall(server.port, 'projectState', {}, { ...auth, host, origin: `http://${host}` });
      expect(res.status).toBe(200);
      const body = JSON.parse(res.body) as { ok: boolean; value: { project: { name: string; root: string } } };
      expect(body.ok).toBe(true);
      expect(body.value.project).toMatchObject({ name: 'jaffle_shop', root: t.root });
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('answers an unknown operation with 404 and an error value', async () => {
    const res = await apiCall(server.port, 'deleteEverything', {}, auth);
    expect(res.status).toBe(404);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: "unknown operation 'deleteEverything'" });
    const proto = await apiCall(server.port, '__proto__', {}, auth);
    expect(proto.status).toBe(404);
  });

  it('answers an invalid argument with an error value naming the field', async () => {
    const res = await apiCall(server.port, 'previewNode', { node: 'customers', offset: -1 }, auth);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ ok: false, error: expect.stringMatching(/^invalid argument for previewNode: offset /) });
    const notJson = await rawRequest(server.port, { method: 'POST', path: '/api/projectState', headers: { ...auth, 'content-type': 'application/json' }, body: '{nope' });
    expect(notJson.status).toBe(400);
    const form = await rawRequest(server.port, { method: 'POST', path: '/api/projectState', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(415);
  });

  it('refuses a node id that tries to reach a path outside the project', async () => {
    for (const node of ['../../../../etc/passwd', '/etc/passwd']) {
      const res = await apiCall(server.port, 'readModel', { node }, auth);
      expect(JSON.parse(res.body)).toEqual({ ok: false, error: expect.stringContaining(`there is no node '${node}'`) });
    }
  });

  it('serves the index only with ?token=, under a strict CSP and without leaking the token in referrers', async () => {
    expect((await rawRequest(server.port, { path: '/' })).status).toBe(401);
    expect((await rawRequest(server.port, { path: '/?token=wrong' })).status).toBe(401);
    const index = await rawRequest(server.port, { path: `/?token=${server.token}` });
    expect(index.status).toBe(200);
    expect(index.body).toContain('./assets/app.js');
    const csp = String(index.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`);
    expect(csp).toContain("img-src 'self' data: blob:");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
    expect(index.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves built assets without the token, but nothing outside the renderer folder', async () => {
    const asset = await rawRequest(server.port, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    for (const probe of ['/assets/..%2f..%2fetc%2fpasswd', '/assets/../../package.json', '/%2e%2e/%2e%2e/etc/passwd', '/assets/%00']) {
      expect((await rawRequest(server.port, { path: probe })).status, probe).toBe(404);
    }
  });

  it('pushes events on /events only to a socket that presents the token', async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events`);
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
    });
    expect(refused).toBe('401');
    const foreign = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`, { origin: 'http://evil.example' });
      ws.on('unexpected-response', (_req, res) => resolve(String(res.statusCode)));
      ws.on('open', () => resolve('open'));
    });
    expect(foreign).toBe('403');

    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/events?token=${server.token}`);
    await new Promise((resolve) => ws.once('open', resolve));
    const received = new Promise<ApiEvent>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)) as ApiEvent)));
    await apiCall(server.port, 'openProject', { dir: t.root }, auth);
    const event = await received;
    expect(event.event).toBe('project');
    ws.close();
  });

  it('tells the user to run npm run build when the renderer has not been built', async () => {
    const empty = await mkdtemp(path.join(tmpdir(), 'assay-no-renderer-'));
    const bare = await startServer({ workbench: t.workbench, rendererDir: empty });
    try {
      const res = await rawRequest(bare.port, { path: `/?token=${bare.token}` });
      expect(res.status).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/plain/);
      expect(res.body).toContain('npm run build');
    } finally {
      await bare.close();
      await rm(empty, { recursive: true, force: true });
    }
  });
});
