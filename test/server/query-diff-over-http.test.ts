import { access, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../electron/server/start-server.js';
import { tempDir } from '../helpers/temp-project.js';
import { openTempWorkbench, type TempWorkbench } from '../workbench/temp-workbench.js';
import { apiCall } from './http-client.js';

/** The browser's query diff goes through the same guard as `assay diff --query`. */
describe('the query diff of browser mode', () => {
  let t: TempWorkbench;
  let server: RunningServer;
  let auth: Record<string, string>;
  let outside: string;
  beforeAll(async () => {
    t = await openTempWorkbench('jaffle-shop');
    const rendererDir = await tempDir('assay-renderer-');
    await mkdir(path.join(rendererDir, 'assets'));
    await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html>');
    server = await startServer({ workbench: t.workbench, port: 0, rendererDir });
    auth = { 'x-assay-token': server.token };
    outside = await tempDir('assay-outside-');
  });
  afterAll(async () => {
    await server.close();
    await t.dispose();
  });

  const diffQuery = async (sql: string) => JSON.parse((await apiCall(server.port, 'diffQuery', { base: 'main', sql }, auth)).body) as { ok: boolean; error?: string; value?: { status: string } };

  it('diffs a SELECT, and refuses a statement that writes or a read outside the project, writing nothing', async () => {
    expect(await diffQuery("select count(*) as n from {{ ref('orders') }}")).toMatchObject({ ok: true, value: { status: 'unchanged' } });
    const target = path.join(outside, 'stolen.csv');
    expect(await diffQuery(`select 1; COPY (select * from {{ ref('customers') }}) TO '${target}'`)).toMatchObject({ ok: false, error: expect.stringMatching(/only a single SELECT/) });
    expect(await access(target).then(() => true, () => false)).toBe(false);
    expect(await diffQuery("select * from read_text('/etc/passwd')")).toMatchObject({ ok: false, error: expect.stringMatching(/Permission Error/) });
  });
});
