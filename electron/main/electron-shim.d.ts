/**
 * The part of Electron's API the bootstrap and preload use, declared by hand because the `electron`
 * package cannot be installed in this checkout (its binary download needs the network), so `tsc`
 * has no types for it. It is NOT exercised here: only the preload's surface is tested, with a mock.
 * When `electron` is installed, delete this file: an ambient module declaration takes precedence
 * over the package's own (complete) types, which the code below is written against.
 */
declare module 'electron' {
  interface Rectangle { x: number; y: number; width: number; height: number }

  interface WebContents {
    setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' | 'allow' }): void;
    on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): this;
    on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): this;
    send(channel: string, ...args: unknown[]): void;
    isDestroyed(): boolean;
  }

  interface BrowserWindowOptions extends Partial<Rectangle> {
    minWidth?: number;
    minHeight?: number;
    show?: boolean;
    title?: string;
    webPreferences?: {
      preload?: string;
      contextIsolation?: boolean;
      sandbox?: boolean;
      nodeIntegration?: boolean;
      webSecurity?: boolean;
      webviewTag?: boolean;
      spellcheck?: boolean;
    };
  }

  class BrowserWindow {
    constructor(options?: BrowserWindowOptions);
    readonly webContents: WebContents;
    loadURL(url: string): Promise<void>;
    show(): void;
    focus(): void;
    maximize(): void;
    restore(): void;
    isMinimized(): boolean;
    isMaximized(): boolean;
    isDestroyed(): boolean;
    getNormalBounds(): Rectangle;
    on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close' | 'closed', listener: () => void): this;
    once(event: 'ready-to-show', listener: () => void): this;
  }

  const app: {
    readonly isPackaged: boolean;
    requestSingleInstanceLock(): boolean;
    quit(): void;
    whenReady(): Promise<void>;
    getPath(name: 'userData' | 'home' | 'temp'): string;
    on(event: string, listener: (...args: never[]) => void): void;
  };

  type HeaderMap = Record<string, string[] | string>;
  const session: {
    defaultSession: {
      webRequest: {
        onHeadersReceived(listener: (details: { url: string; responseHeaders?: HeaderMap }, callback: (response: { responseHeaders?: HeaderMap }) => void) => void): void;
      };
      setPermissionRequestHandler(handler: (contents: WebContents, permission: string, callback: (granted: boolean) => void) => void): void;
    };
  };

  const screen: { getAllDisplays(): { workArea: Rectangle }[] };
  const shell: { openExternal(url: string): Promise<void> };
  const net: { fetch(url: string): Promise<Response> };

  const protocol: {
    registerSchemesAsPrivileged(schemes: { scheme: string; privileges: { standard?: boolean; secure?: boolean; supportFetchAPI?: boolean } }[]): void;
    handle(scheme: string, handler: (request: Request) => Response | Promise<Response>): void;
  };

  interface IpcMainInvokeEvent { senderFrame: { url: string } | null }
  const ipcMain: {
    handle(channel: string, listener: (event: IpcMainInvokeEvent, ...args: never[]) => unknown): void;
    removeHandler(channel: string): void;
  };

  interface IpcRendererEvent { sender: unknown }
  const ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>;
    on(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): void;
    removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: never[]) => void): void;
  };
  const contextBridge: { exposeInMainWorld(apiKey: string, api: unknown): void };

  interface UtilityProcess {
    postMessage(message: unknown): void;
    kill(): boolean;
    on(event: 'message', listener: (message: never) => void): this;
    on(event: 'exit', listener: (code: number) => void): this;
  }
  const utilityProcess: {
    fork(modulePath: string, args?: string[], options?: { serviceName?: string; stdio?: 'inherit' | 'pipe' | 'ignore'; env?: NodeJS.ProcessEnv }): UtilityProcess;
  };

  interface MenuItemConstructorOptions {
    label?: string;
    role?: 'appMenu' | 'windowMenu' | 'close' | 'quit' | 'reload' | 'toggleDevTools' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'togglefullscreen';
    type?: 'normal' | 'separator' | 'submenu' | 'checkbox' | 'radio';
    accelerator?: string;
    enabled?: boolean;
    checked?: boolean;
    click?: () => void;
    submenu?: MenuItemConstructorOptions[];
  }
  class Menu {
    static buildFromTemplate(template: MenuItemConstructorOptions[]): Menu;
    static setApplicationMenu(menu: Menu | null): void;
  }

  interface MessageBoxOptions { type?: 'none' | 'info' | 'error' | 'question' | 'warning'; title?: string; message: string; detail?: string; buttons?: string[]; defaultId?: number; cancelId?: number }
  interface OpenDialogOptions { title?: string; properties?: ('openDirectory' | 'openFile' | 'createDirectory')[] }
  const dialog: {
    showMessageBox(window: BrowserWindow, options: MessageBoxOptions): Promise<{ response: number }>;
    showMessageBox(options: MessageBoxOptions): Promise<{ response: number }>;
    showOpenDialog(window: BrowserWindow, options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
    showOpenDialog(options: OpenDialogOptions): Promise<{ canceled: boolean; filePaths: string[] }>;
  };
}
