import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../server/content-security-policy.js';
import { rendererFile } from '../server/static-files.js';

export const APP_SCHEME = 'app';
export const APP_ORIGIN = 'app://assay';
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** Must run before the app is ready: the scheme behaves like https (a real origin, so 'self' in the CSP means the app). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Serves the built renderer at `app://assay/` with its CSP, instead of `file://`: every file the
 * page can load is one of the renderer's own, checked to be inside `rendererDir`.
 */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request: Request) => {
    const url = new URL(request.url);
    if (url.host !== 'assay') return new Response('not found', { status: 404 });
    const file = await rendererFile(rendererDir, url.pathname === '/' ? '/index.html' : url.pathname);
    if (!file) return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(file).href);
    const headers = new Headers(response.headers);
    if (path.extname(file) === '.html') headers.set('Content-Security-Policy', contentSecurityPolicy());
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
