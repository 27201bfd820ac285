import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Workbench } from '../../../electron/core/workbench/workbench.js';
import { startServer } from '../../../electron/server/start-server.js';

export interface RunningAssay {
  /** The page to open: `http://127.0.0.1:PORT/?token=...`. */
  url: string;
  workbench: Workbench;
  stop(): Promise<void>;
}

export interface AssayOptions {
  /**
   * Rebuild what a save affects (the app's default). Off where a test builds by hand, so that an
   * automatic rebuild never races the build the test starts.
   */
  autoBuild?: boolean;
  /** Run the rebuilt nodes' tests after an automatic rebuild (the app's default). */
  autoTest?: boolean;
  /** Stands in for the system's file opener (a published page, its folder); the default asks the desktop. */
  openPath?: (file: string) => Promise<boolean>;
}

/** Browser mode in this process, as `assay serve` runs it, with a per-user folder of its own. */
export async function startAssay(rendererDir: string, options: AssayOptions = {}): Promise<RunningAssay> {
  const home = await mkdtemp(path.join(tmpdir(), 'assay-home-'));
  const workbench = new Workbench({ home, autoBuild: options.autoBuild ?? true, autoTest: options.autoTest, openPath: options.openPath });
  const server = await startServer({ workbench, port: 0, rendererDir });
  return {
    url: server.url,
    workbench,
    stop: async () => {
      await server.close();
      await workbench.close();
    },
  };
}
