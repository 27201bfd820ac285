/**
 * The renderer's Content-Security-Policy: its own scripts only, no inline script, no eval, and
 * network access only back to the server that served it (and its WebSocket in browser mode).
 */
export function contentSecurityPolicy(port?: number): string {
  const sockets = port === undefined ? '' : ` ws://127.0.0.1:${port} ws://localhost:${port}`;
  return [
    "default-src 'self'",
    `connect-src 'self'${sockets}`,
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}
