import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/** Opens a file or folder as the desktop would (its default app, the file manager); false when there is no desktop to ask. */
export type OpenPath = (file: string) => Promise<boolean>;

/** The system's opener: `open` on macOS, Explorer on Windows, `xdg-open` on a Linux desktop. */
export const openWithSystem: OpenPath = async (file) => {
  const command = openerCommand(file, process.platform, process.env);
  if (!command) return false;
  const child = spawn(command.file, command.args, { detached: true, stdio: 'ignore', windowsHide: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
};

export function openerCommand(file: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { file: string; args: string[] } | null {
  switch (platform) {
    case 'darwin':
      return { file: 'open', args: [file] };
    case 'win32':
      return { file: 'explorer.exe', args: [file] };
    default: {
      // A machine without a display (CI, a container) has nothing to open it in.
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
      const xdgOpen = (env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, 'xdg-open')).find(isExecutable);
      return xdgOpen ? { file: xdgOpen, args: [file] } : null;
    }
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
