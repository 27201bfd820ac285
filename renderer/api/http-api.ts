import { operationNames, type ApiResult, type AssayApi, type OperationName } from '../../shared/api.js';

/** The slice of `fetch` the client needs; declared here so tests can pass a stub without DOM types. */
export type FetchLike = (
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
) => Promise<{ ok: boolean; status: number; json(): Promise<unknown> }>;

export interface HttpApiOptions {
  /** The page's origin, e.g. `http://127.0.0.1:4310`. */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
}

/** The browser-mode API: one `POST /api/<operation>` per call, the response body being the `ApiResult`. */
export function createHttpApi(options: HttpApiOptions): AssayApi {
  const api: Partial<Record<OperationName, (args: unknown) => Promise<ApiResult<unknown>>>> = {};
  for (const name of operationNames) {
    api[name] = (args) => post(options, name, args);
  }
  return api as AssayApi;
}

async function post(options: HttpApiOptions, name: OperationName, args: unknown): Promise<ApiResult<unknown>> {
  let response: Awaited<ReturnType<FetchLike>>;
  try {
    response = await options.fetch(`${options.baseUrl}/api/${name}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-assay-token': options.token },
      body: JSON.stringify(args ?? {}),
    });
  } catch (err) {
    return { ok: false, error: `${name}: cannot reach Assay (${err instanceof Error ? err.message : String(err)})` };
  }
  const body = await response.json().catch(() => null);
  if (isApiResult(body)) return body;
  return { ok: false, error: `${name}: unexpected response from Assay (HTTP ${response.status})` };
}

function isApiResult(body: unknown): body is ApiResult<unknown> {
  if (typeof body !== 'object' || body === null || !('ok' in body)) return false;
  return body.ok === true ? 'value' in body : body.ok === false && 'error' in body && typeof body.error === 'string';
}
