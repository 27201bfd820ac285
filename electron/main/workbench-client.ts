import { utilityProcess, type UtilityProcess } from 'electron';
import type { ApiResult } from '../../shared/api.js';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';
import { WorkbenchEvents, type ApiEventListener } from '../core/workbench/workbench-events.js';
import { withQueryThreadPool } from '../core/engine/query-thread-pool.js';
import type { FromWorkbench, ToWorkbench } from './process-messages.js';

/** Restarts closer together than this mean the process dies on start; then it is not restarted again. */
const MIN_UPTIME_MS = 5_000;

/**
 * The main process's handle on the Workbench running in a utility process. Calls made while the
 * process is down are answered with an error value; when it dies it is started again and the last
 * opened project is opened again, so a crash in a build costs the build, not the session.
 */
export class WorkbenchClient implements WorkbenchApi {
  private child: UtilityProcess | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (result: ApiResult<unknown>) => void>();
  private readonly events = new WorkbenchEvents();
  private startedAt = 0;
  private lastProject: string | undefined;
  private stopping = false;

  constructor(private readonly entry: string, initialProject?: string) {
    this.lastProject = initialProject;
  }

  start(): void {
    this.startedAt = Date.now();
    const child = utilityProcess.fork(this.entry, this.lastProject ? [this.lastProject] : [], { serviceName: 'Assay workbench', stdio: 'inherit', env: withQueryThreadPool(process.env) });
    child.on('message', (message: FromWorkbench) => this.receive(message));
    child.on('exit', (code: number) => this.exited(code));
    this.child = child;
  }

  dispatch(name: string, rawArgs: unknown): Promise<ApiResult<unknown>> {
    const child = this.child;
    if (!child) return Promise.resolve({ ok: false, error: 'the Assay workbench process is not running' });
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      child.postMessage({ type: 'call', id, name, args: rawArgs } satisfies ToWorkbench);
    });
  }

  onEvent(listener: ApiEventListener): () => void {
    return this.events.on(listener);
  }

  stop(): void {
    this.stopping = true;
    this.child?.kill();
  }

  private receive(message: FromWorkbench): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'event':
        if (message.event.event === 'project') this.lastProject = message.event.payload.project.root;
        return this.events.emit(message.event);
      case 'result': {
        const resolve = this.pending.get(message.id);
        this.pending.delete(message.id);
        resolve?.(message.result);
        return;
      }
      default:
        return assertNever(message);
    }
  }

  private exited(code: number): void {
    this.child = null;
    for (const resolve of this.pending.values()) resolve({ ok: false, error: `the Assay workbench process stopped (exit code ${code})` });
    this.pending.clear();
    if (this.stopping) return;
    if (Date.now() - this.startedAt < MIN_UPTIME_MS) {
      process.stderr.write(`assay: the workbench process exited with code ${code} right after starting; not restarting it\n`);
      return;
    }
    this.start();
  }
}

function assertNever(value: never): never {
  throw new Error(`unexpected message from the workbench process: ${JSON.stringify(value)}`);
}
