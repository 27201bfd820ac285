import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ApiEvent, ApiResult, OperationArgs, OperationName, OperationResults } from '../../shared/api.js';
import { Workbench } from '../../electron/core/workbench/workbench.js';

export interface OpenedWorkbench {
  /** Every event the workbench emitted. */
  events: ApiEvent[];
  /** An operation's result, failed or not. */
  ask<N extends OperationName>(name: N, args: OperationArgs<N>): Promise<ApiResult<OperationResults[N]>>;
  /** Waits until nothing the workbench started is running (see Workbench.settled). */
  settled(): Promise<void>;
  /** An operation's value; a failure throws its error. */
  call<N extends OperationName>(name: N, args: OperationArgs<N>): Promise<OperationResults[N]>;
}

const opened: { workbench: Workbench; home: string }[] = [];

/** A real Workbench (no watching, no automatic builds) with the project at `root` open; closed by closeOpenedWorkbenches. */
export async function openWorkbenchAt(root: string): Promise<OpenedWorkbench> {
  const home = await mkdtemp(path.join(tmpdir(), 'assay-home-'));
  const workbench = new Workbench({ home, watch: false, autoBuild: false });
  opened.push({ workbench, home });
  const events: ApiEvent[] = [];
  workbench.onEvent((event) => events.push(event));
  const ask = async <N extends OperationName>(name: N, args: OperationArgs<N>) => (await workbench.dispatch(name, args)) as ApiResult<OperationResults[N]>;
  const call = async <N extends OperationName>(name: N, args: OperationArgs<N>) => {
    const result = await ask(name, args);
    if (!result.ok) throw new Error(result.error);
    return result.value;
  };
  await call('openProject', { dir: root });
  return { events, ask, call, settled: () => workbench.settled() };
}

/** Closes every workbench openWorkbenchAt opened (an afterEach). */
export async function closeOpenedWorkbenches(): Promise<void> {
  for (const { workbench, home } of opened.splice(0)) {
    await workbench.close();
    await rm(home, { recursive: true, force: true });
  }
}
