import type { Browser } from 'playwright-core';
import { HeaderPage } from '../pages/header-page.js';
import { LineagePage } from '../pages/lineage-page.js';
import { NodePage } from '../pages/node-page.js';
import { ProjectPickerPage } from '../pages/project-picker-page.js';
import { startAssay, type AssayOptions, type RunningAssay } from './assay-server.js';
import { openAppPage, type AppPage, type Viewport } from './browser.js';
import { createExampleRepo } from './example-project.js';

export interface ExampleSession {
  projectDir: string;
  assay: RunningAssay;
  app: AppPage;
  header: HeaderPage;
  lineage: LineagePage;
  node: NodePage;
  close(): Promise<void>;
}

export interface ExampleOptions extends AssayOptions {
  /** Changes the committed example (branches, edits, commits) before the app opens it. */
  prepare?: (projectDir: string) => Promise<void>;
  /** 1280×800 unless told. */
  viewport?: Viewport;
}

/** A fresh example repository, browser mode serving it, and a page that has opened it. */
export async function openExample(browser: Browser, rendererDir: string, options: ExampleOptions = {}): Promise<ExampleSession> {
  const projectDir = await createExampleRepo();
  await options.prepare?.(projectDir);
  const assay = await startAssay(rendererDir, options);
  const app = await openAppPage(browser, assay.url, options.viewport);
  const lineage = new LineagePage(app.page);
  await new ProjectPickerPage(app.page).open(projectDir);
  await lineage.root.waitFor();
  return {
    projectDir,
    assay,
    app,
    header: new HeaderPage(app.page),
    lineage,
    node: new NodePage(app.page),
    close: async () => {
      await app.close();
      await assay.stop();
    },
  };
}
