/**
 * Entry of the utility process the Workbench runs in (Electron's `utilityProcess`), so that a build
 * or a long query never blocks the window. It talks to the main process over `process.parentPort`;
 * it does not import `electron`.
 */
import '../core/engine/query-thread-pool.js';
import type { ToWorkbench, FromWorkbench } from './process-messages.js';
import { openInitialProject } from '../core/workbench/initial-project.js';
import { Workbench } from '../core/workbench/workbench.js';

interface ParentPort {
  on(event: 'message', listener: (message: { data: unknown }) => void): void;
  postMessage(message: unknown): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('workbench-process must be started by Electron as a utility process');

const port = parentPort;
const workbench = new Workbench();
const post = (message: FromWorkbench) => port.postMessage(message);

workbench.onEvent((event) => post({ type: 'event', event }));
port.on('message', ({ data }) => {
  const message = data as ToWorkbench;
  if (message?.type !== 'call') return;
  void workbench.dispatch(message.name, message.args).then((result) => post({ type: 'result', id: message.id, result }));
});
post({ type: 'ready' });

await openInitialProject(workbench, process.argv[2]).catch((err: unknown) => {
  process.stderr.write(`assay: could not open a project at start: ${err instanceof Error ? err.message : String(err)}\n`);
});
