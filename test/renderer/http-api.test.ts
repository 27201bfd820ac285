import { describe, expect, it } from 'vitest';
import { operationNames } from '../../shared/api.js';
import { createHttpApi, type FetchLike } from '../../renderer/api/http-api.js';

type Call = { url: string; method: string; headers: Record<string, string>; body: string };

function stubFetch(answer: (call: Call) => { status: number; body: unknown } | Error): { fetch: FetchLike; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: FetchLike = async (url, init) => {
    const call = { url, ...init };
    calls.push(call);
    const reply = answer(call);
    if (reply instanceof Error) throw reply;
    return { ok: reply.status < 400, status: reply.status, json: async () => reply.body };
  };
  return { fetch, calls };
}

describe('the browser-mode API client', () => {
  it('has one function per operation of the contract', () => {
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:1', token: 't', fetch: stubFetch(() => ({ status: 200, body: {} })).fetch });
    expect(Object.keys(api).sort()).toEqual([...operationNames].sort());
  });

  it('posts the argument as JSON to /api/<operation> with the token header and returns the ApiResult as it is', async () => {
    const { fetch, calls } = stubFetch(() => ({ status: 200, body: { ok: true, value: { file: 'models/a.sql' } } }));
    const api = createHttpApi({ baseUrl: 'http://127.0.0.1:4310', token: 'secret', fetch });
    const result = await api.saveModel({ node: 'a', sql: 'select 1' });
    expect(result).toEqual({ ok: true, value: { file: 'models/a.sql' } });
    expect(calls).toEqual([{
      url: 'http://127.0.0.1:4310/api/saveModel',
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-assay-token': 'secret' },
      body: JSON.stringify({ node: 'a', sql: 'select 1' }),
    }]);
  });

  it('passes error values through, whatever the HTTP status', async () => {
    const { fetch } = stubFetch(() => ({ status: 404, body: { ok: false, error: "unknown operation 'x'" } }));
    const api = createHttpApi({ baseUrl: 'http://h', token: 't', fetch });
    expect(await api.gitState({})).toEqual({ ok: false, error: "unknown operation 'x'" });
  });

  it('turns a network failure or a body that is not an ApiResult into an error value naming the operation', async () => {
    const down = createHttpApi({ baseUrl: 'http://h', token: 't', fetch: stubFetch(() => new Error('connection refused')).fetch });
    expect(await down.projectState({})).toEqual({ ok: false, error: 'projectState: cannot reach Assay (connection refused)' });
    const odd = createHttpApi({ baseUrl: 'http://h', token: 't', fetch: stubFetch(() => ({ status: 401, body: 'invalid token' })).fetch });
    expect(await odd.projectState({})).toEqual({ ok: false, error: 'projectState: unexpected response from Assay (HTTP 401)' });
  });
});
