import { request } from 'node:http';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A plain HTTP request with full control over the headers (fetch forbids setting Host), as a
 * hostile page or a DNS-rebinding attacker would send it.
 */
export function rawRequest(port: number, options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: { host: `127.0.0.1:${port}`, ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** `POST /api/<operation>` with a JSON body, as the renderer's client sends it. */
export function apiCall(port: number, operation: string, args: unknown, headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(port, { method: 'POST', path: `/api/${operation}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(args) });
}
