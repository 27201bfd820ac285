import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildBranch } from '../../electron/core/build/build-branch.js';
import { FileHashes } from '../../electron/core/env/file-hashes.js';
import { nodeStates } from '../../electron/core/workbench/node-states.js';
import { readProjectSnapshot } from '../../electron/core/workbench/project-session.js';
import { builtDashboardProject } from '../dashboards/dashboard-project.js';

/**
 * After a save, the build (which models to build with it), its announcement and both pages ask for
 * the node states within a few milliseconds: one reading answers those asked at once, and none
 * outlives the environment or the project it read.
 */
describe('node states asked for at once', () => {
  afterEach(() => vi.restoreAllMocks());

  it('are read once, and read again once the environment or the project changed', async () => {
    const root = await builtDashboardProject({});
    const snapshot = await readProjectSnapshot(root);
    const reads = vi.spyOn(FileHashes, 'open');

    const asked = await Promise.all([nodeStates(snapshot, 'main'), nodeStates(snapshot, 'main'), nodeStates(snapshot, 'main')]);
    expect(reads).toHaveBeenCalledTimes(1);
    expect(asked[1]).toEqual(asked[0]);
    expect(asked[0]?.find((s) => s.node === 'sales_by_month')?.status).toBe('built');

    // Asked again after the reading ended: read again (a lake file may have changed meanwhile).
    await nodeStates(snapshot, 'main');
    expect(reads).toHaveBeenCalledTimes(2);

    // A reading started before a build published is not the answer to one asked after it. The
    // first reading is held after it read the old catalog, until the second was asked.
    await writeFile(path.join(root, 'models/sales_by_month.sql'), "select month, region, sum(amount) * 2 as amount from {{ ref('sales') }} group by all\n");
    const changed = await readProjectSnapshot(root);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const open = FileHashes.open.bind(FileHashes);
    reads.mockImplementationOnce(async (file) => {
      await held;
      return open(file);
    });
    const before = nodeStates(changed, 'main');
    await vi.waitFor(() => expect(reads).toHaveBeenCalledTimes(3));
    await buildBranch({ projectRoot: root });
    const after = nodeStates(changed, 'main');
    release();
    expect((await before).find((s) => s.node === 'sales_by_month')?.status).toBe('stale');
    expect((await after).find((s) => s.node === 'sales_by_month')?.status).toBe('built');
  });
});
