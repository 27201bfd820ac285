import type { IncomingMessage, ServerResponse } from 'node:http';
import { isOperationName } from '../../shared/api.js';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';

/** saveModel carries up to 5 million characters of SQL; UTF-8 can take four bytes for one. */
const MAX_BODY_BYTES = 24 * 1024 * 1024;

/**
 * `POST /api/<operation>` with the argument as the JSON body. The answer is always an ApiResult as
 * JSON: status 200 when the operation ran (even when its answer is an error value), 4xx when the
 * request itself was wrong (unknown operation, not JSON, too large).
 */
export async function handleApi(req: IncomingMessage, res: ServerResponse, operation: string, workbench: WorkbenchApi): Promise<void> {
  if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: 'use POST' }, { Allow: 'POST' });
  if (!isOperationName(operation)) return sendJson(res, 404, { ok: false, error: `unknown operation '${operation}'` });
  const type = req.headers['content-type'] ?? '';
  if (!/^application\/json\b/i.test(type)) return sendJson(res, 415, { ok: false, error: 'the body must be JSON (Content-Type: application/json)' });
  const body = await readBody(req);
  if (!body.ok) return sendJson(res, body.status, { ok: false, error: body.error }, { Connection: 'close' });
  let args: unknown;
  try {
    args = body.text.trim() === '' ? {} : JSON.parse(body.text);
  } catch (err) {
    return sendJson(res, 400, { ok: false, error: `the body is not valid JSON: ${err instanceof Error ? err.message : String(err)}` });
  }
  sendJson(res, 200, await workbench.dispatch(operation, args));
}

export function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<{ ok: true; text: string } | { ok: false; status: 400 | 413; error: string }> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) return void chunks.push(chunk);
      // Stop keeping the body but let it drain, so the 413 answer still reaches the client.
      req.off('data', onData);
      req.resume();
      resolve({ ok: false, status: 413, error: `the body is larger than ${MAX_BODY_BYTES} bytes` });
    };
    req.on('data', onData);
    req.on('end', () => resolve({ ok: true, text: Buffer.concat(chunks).toString('utf8') }));
    req.on('error', (err) => resolve({ ok: false, status: 400, error: err.message }));
  });
}
