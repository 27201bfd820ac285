import path from 'node:path';
import { appRoot } from '../core/workbench/app-root.js';
import { ensureExampleProject } from '../core/workbench/example-project.js';
import { Workbench } from '../core/workbench/workbench.js';
import { openInBrowser } from './open-browser.js';
import { ensureRendererBuilt } from './renderer-build.js';
import { startServer, type RunningServer } from './start-server.js';

export interface BrowserModeOptions {
  /** The project to open; the bundled example project when absent. */
  project?: string;
  port?: number;
  /** Open the system browser on the URL (when there is one). */
  open: boolean;
  log?: (line: string) => void;
  /** Where the built UI is (and is built when missing or stale); `dist/renderer` in Assay's folder by default. */
  rendererDir?: string;
}

export interface BrowserMode {
  server: RunningServer;
  workbench: Workbench;
  stop(): Promise<void>;
}

/** `assay serve` and `npm start` without Electron: the workbench on a project, behind the local server. */
export async function startBrowserMode(options: BrowserModeOptions): Promise<BrowserMode> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = options.project ? path.resolve(options.project) : await ensureExampleProject();
  const workbench = new Workbench();
  const opened = await workbench.dispatch('openProject', { dir });
  if (!opened.ok) {
    await workbench.close();
    throw new Error(opened.error);
  }
  const rendererDir = options.rendererDir ?? path.join(appRoot(), 'dist', 'renderer');
  try {
    // A clean install has no built UI yet: build it now (a one-time half minute, with progress).
    await ensureRendererBuilt({ root: appRoot(), outDir: rendererDir, log });
  } catch (err) {
    await workbench.close();
    throw err;
  }
  const server = await startServer({ workbench, port: options.port, rendererDir });
  log(`Assay is serving ${dir}`);
  log(`Open ${server.url}`);
  if (options.open && !openInBrowser(server.url)) log('(no browser to open here; copy the URL into one)');
  return {
    server,
    workbench,
    stop: async () => {
      await server.close();
      await workbench.close();
    },
  };
}

/** Resolves on Ctrl+C or a termination signal, so a command can shut down in order. */
export function untilInterrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}
