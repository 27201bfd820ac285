import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh secret per server start: 24 random bytes, URL-safe. */
export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compares in constant time; hashing first makes the lengths equal, so the length leaks nothing either. */
export function tokenMatches(expected: string, given: string | null | undefined): boolean {
  if (typeof given !== 'string' || given.length === 0) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export type Refusal = { status: 401 | 403; reason: string };

/**
 * DNS-rebinding and cross-site defence: a page on another site (or a hostile name that resolves to
 * 127.0.0.1) sends its own Host or Origin, so only our exact loopback origins are let in.
 */
export function checkOrigin(req: IncomingMessage, port: number): Refusal | null {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host?.toLowerCase();
  if (!host || !allowedHosts.includes(host)) return { status: 403, reason: `forbidden host ${JSON.stringify(req.headers.host ?? '')}` };
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.map((h) => `http://${h}`).includes(origin.toLowerCase())) {
    return { status: 403, reason: `forbidden origin ${JSON.stringify(origin)}` };
  }
  return null;
}

export function checkToken(expected: string, given: string | null | undefined): Refusal | null {
  return tokenMatches(expected, given) ? null : { status: 401, reason: 'missing or invalid access token: open the URL that `assay serve` printed' };
}

/** The `?token=` of a request URL (index page, WebSocket). */
export function queryToken(url: URL): string | null {
  return url.searchParams.get('token');
}

export function headerToken(req: IncomingMessage): string | null {
  const value = req.headers['x-assay-token'];
  return typeof value === 'string' ? value : null;
}
