import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workbench } from '../../electron/core/workbench/workbench.js';

describe('Workbench.dispatch, the one entry of every front door', () => {
  let home: string;
  let workbench: Workbench;
  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'assay-home-'));
    workbench = new Workbench({ home, watch: false });
  });
  afterAll(async () => {
    await workbench.close();
    await rm(home, { recursive: true, force: true });
  });

  it('refuses an unknown operation, including names inherited from Object', async () => {
    expect(await workbench.dispatch('dropDatabase', {})).toEqual({ ok: false, error: "unknown operation 'dropDatabase'" });
    expect(await workbench.dispatch('constructor', {})).toEqual({ ok: false, error: "unknown operation 'constructor'" });
    expect(await workbench.dispatch('__proto__', {})).toEqual({ ok: false, error: "unknown operation '__proto__'" });
  });

  it('validates the argument with the operation schema and names the field at fault', async () => {
    const result = await workbench.dispatch('previewNode', { node: 'a', limit: 10_000 });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^invalid argument for previewNode: limit /) });
    expect(await workbench.dispatch('readModel', { node: 7 })).toEqual({ ok: false, error: expect.stringMatching(/readModel: node /) });
  });

  it('turns failures into error values instead of exceptions', async () => {
    expect(await workbench.dispatch('projectState', {})).toEqual({ ok: true, value: null });
    expect(await workbench.dispatch('readModel', { node: 'a' })).toEqual({ ok: false, error: 'no project is open: open a project folder first' });
    const notAProject = await workbench.dispatch('openProject', { dir: home });
    expect(notAProject).toEqual({ ok: false, error: expect.stringContaining('is not a dbt project') });
  });
});
