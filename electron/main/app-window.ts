import { BrowserWindow, screen, shell } from 'electron';
import { APP_INDEX_URL, APP_ORIGIN } from './app-protocol.js';
import { isSafeExternalUrl } from './external-url.js';
import { readWindowState, visibleOn, writeWindowState, writeWindowStateNow } from './window-bounds.js';

export interface WindowOptions {
  preload: string;
  stateFile: string;
}

/**
 * The app window with Electron's secure defaults spelled out: an isolated, sandboxed page without
 * Node, that can neither navigate away nor open windows; web links go to the system browser.
 */
export function createAppWindow(options: WindowOptions): BrowserWindow {
  const saved = readWindowState(options.stateFile);
  const screens = screen.getAllDisplays().map((d) => d.workArea);
  const bounds = saved && visibleOn(saved.bounds, screens) ? saved.bounds : { width: 1400, height: 900 };
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'Assay',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  if (saved?.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  win.webContents.setWindowOpenHandler(({ url }: { url: string }) => {
    if (isSafeExternalUrl(url)) shell.openExternal(url).catch(() => undefined);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event: { preventDefault(): void }, url: string) => {
    if (url.startsWith(`${APP_ORIGIN}/`)) return;
    event.preventDefault();
    if (isSafeExternalUrl(url)) shell.openExternal(url).catch(() => undefined);
  });
  win.webContents.on('will-attach-webview', (event: { preventDefault(): void }) => event.preventDefault());

  let timer: NodeJS.Timeout | undefined;
  const remember = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (win.isDestroyed()) return;
      void writeWindowState(options.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() }).catch(() => undefined);
    }, 400);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) win.on(event, remember);
  win.on('close', () => {
    clearTimeout(timer);
    try {
      writeWindowStateNow(options.stateFile, { bounds: win.getNormalBounds(), maximized: win.isMaximized() });
    } catch {
      // Forgetting the window's place is not worth an error dialog on quit.
    }
  });

  win.loadURL(APP_INDEX_URL).catch((err: unknown) => process.stderr.write(`assay: could not load the window: ${String(err)}\n`));
  return win;
}
