/**
 * The Electron bootstrap: one instance, one secure window, the menu, and the workbench in a utility
 * process reached through `assay:<operation>` IPC handlers. Electron is not installed in every
 * checkout (its binary is downloaded on install); `npm start` falls back to browser mode then.
 */
import { app, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRoot } from '../core/workbench/app-root.js';
import { contentSecurityPolicy } from '../server/content-security-policy.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { createAppWindow } from './app-window.js';
import { relayOperations } from './ipc-relay.js';
import { startMenuController } from './menu-controller.js';
import { WorkbenchClient } from './workbench-client.js';

/** The compiled bundles sit together in `dist/electron/`. */
const bundleDir = path.dirname(fileURLToPath(import.meta.url));

registerAppScheme();

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  let win: BrowserWindow | null = null;
  const projectArg = process.argv.slice(app.isPackaged ? 1 : 2).find((arg) => !arg.startsWith('-'));
  const workbench = new WorkbenchClient(path.join(bundleDir, 'workbench-process.mjs'), projectArg);

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_event: unknown, contents: { setWindowOpenHandler(h: () => { action: 'deny' }): void }) => {
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });

  app.on('window-all-closed', () => {
    workbench.stop();
    app.quit();
  });

  await app.whenReady();
  serveRenderer(path.join(appRoot(), 'dist', 'renderer'));
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy()] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));

  workbench.start();
  const open = () => {
    win = createAppWindow({ preload: path.join(bundleDir, 'preload.cjs'), stateFile: path.join(app.getPath('userData'), 'window-state.json') });
    win.on('closed', () => {
      win = null;
    });
  };
  relayOperations(workbench, () => win?.webContents ?? null);
  startMenuController(workbench, () => win);
  open();
  app.on('activate', () => {
    if (!win) open();
  });
}
