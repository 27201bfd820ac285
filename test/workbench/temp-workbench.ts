import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiEvent, OperationArgs, OperationName, OperationResults } from '../../shared/api.js';
import { Workbench, type WorkbenchOptions } from '../../electron/core/workbench/workbench.js';
import { initCommittedRepo } from '../helpers/git-repo.js';
import { copyFixture } from '../helpers/temp-project.js';

export interface TempWorkbench {
  root: string;
  home: string;
  workbench: Workbench;
  /** Every event the workbench emitted since it was created. */
  events: ApiEvent[];
  call<N extends OperationName>(name: N, args: OperationArgs<N>): Promise<OperationResults[N]>;
  dispose(): Promise<void>;
}

/** A fixture copied into a fresh git repository (everything committed on `main`), opened in a real Workbench. */
export async function openTempWorkbench(fixture = 'jaffle-shop', options: WorkbenchOptions = {}): Promise<TempWorkbench> {
  const root = await copyFixture(fixture);
  await initCommittedRepo(root);
  const home = await mkdtemp(path.join(tmpdir(), 'assay-home-'));
  const workbench = new Workbench({ home, watch: false, autoBuild: false, ...options });
  const events: ApiEvent[] = [];
  workbench.onEvent((event) => events.push(event));
  const call = async <N extends OperationName>(name: N, args: OperationArgs<N>): Promise<OperationResults[N]> => {
    const result = await workbench.dispatch(name, args);
    if (!result.ok) throw new Error(result.error);
    return result.value as OperationResults[N];
  };
  await call('openProject', { dir: root });
  return {
    root,
    home,
    workbench,
    events,
    call,
    dispose: async () => {
      await workbench.close();
      await rm(root, { recursive: true, force: true });
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Waits until `predicate` holds for an event, polling the list the workbench appends to. */
export async function eventually<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
