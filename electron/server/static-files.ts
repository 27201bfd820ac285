import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import path from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export const MISSING_BUILD_MESSAGE =
  'Assay: the user interface has not been built yet (dist/renderer/index.html is missing).\n' +
  '`assay serve` and `npm start` build it before serving; if this server was started otherwise, run `npm run build` in the Assay folder, then reload this page.\n';

/**
 * The renderer's file for a URL path, or null when there is none. Decoded paths that climb out of
 * the folder (`/assets/..%2f..%2fpackage.json`), hidden files and links leading outside are refused.
 */
export async function rendererFile(rendererDir: string, urlPath: string): Promise<string | null> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const root = await realpath(rendererDir).catch(() => null);
  if (!root) return null;
  const candidate = path.resolve(root, `.${path.posix.normalize(`/${decoded}`)}`);
  const rel = path.relative(root, candidate);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel) || rel.split(path.sep).some((s) => s.startsWith('.'))) return null;
  const real = await realpath(candidate).catch(() => null);
  if (!real || path.relative(root, real).startsWith('..')) return null;
  const info = await stat(real).catch(() => null);
  return info?.isFile() ? real : null;
}

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string> = {}): void {
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, { 'Content-Type': type, ...headers });
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
