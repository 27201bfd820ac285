import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Opens `url` in the system browser when there is one to open it in. Returns whether it tried: on a
 * Linux machine without a display or without xdg-open (a CI box, a container) it does nothing.
 */
export function openInBrowser(url: string, platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): boolean {
  const command = browserCommand(url, platform, env);
  if (!command) return false;
  const child = spawn(command.file, command.args, { detached: true, stdio: 'ignore', windowsHide: true });
  child.on('error', () => undefined);
  child.unref();
  return true;
}

export function browserCommand(url: string, platform: NodeJS.Platform, env: NodeJS.ProcessEnv): { file: string; args: string[] } | null {
  if (!/^https?:\/\//.test(url)) return null;
  switch (platform) {
    case 'darwin':
      return { file: 'open', args: [url] };
    case 'win32':
      // `start` treats its first quoted argument as a window title, hence the empty one.
      return { file: 'cmd', args: ['/c', 'start', '""', url.replaceAll('&', '^&')] };
    default: {
      if (!env.DISPLAY && !env.WAYLAND_DISPLAY) return null;
      const xdgOpen = onPath('xdg-open', env);
      return xdgOpen ? { file: xdgOpen, args: [url] } : null;
    }
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder.
    }
  }
  return null;
}
