import type { MenuItemConstructorOptions } from 'electron';
import type { GitState, RecentProject } from '../../shared/api.js';

export interface MenuActions {
  openFolder(): void;
  openProject(dir: string): void;
  switchBranch(branch: string): void;
  build(): void;
  cancelBuild(): void;
  runTests(): void;
}

export interface MenuState {
  recent: RecentProject[];
  git: GitState | null;
  platform: NodeJS.Platform;
}

/** The application menu as a template: a pure function of what is open, rebuilt when that changes. */
export function menuTemplate(state: MenuState, actions: MenuActions): MenuItemConstructorOptions[] {
  const isMac = state.platform === 'darwin';
  const branches = state.git?.isRepo ? state.git.branches : [];
  const appMenu: MenuItemConstructorOptions[] = isMac ? [{ role: 'appMenu' }] : [];
  return [
    ...appMenu,
    {
      label: '&File',
      submenu: [
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+O', click: () => actions.openFolder() },
        {
          label: 'Open Recent',
          enabled: state.recent.length > 0,
          submenu: state.recent.map((p) => ({ label: `${p.name} — ${p.dir}`, click: () => actions.openProject(p.dir) })),
        },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Branch',
      submenu: branches.length === 0
        ? [{ label: state.git ? 'Not a git repository' : 'No project open', enabled: false }]
        : branches.map((name) => ({
            label: name,
            type: 'radio' as const,
            checked: name === state.git?.branch,
            click: () => actions.switchBranch(name),
          })),
    },
    {
      label: '&Run',
      submenu: [
        { label: 'Build', accelerator: 'CmdOrCtrl+B', enabled: state.git !== null, click: () => actions.build() },
        { label: 'Cancel Build', accelerator: 'CmdOrCtrl+.', enabled: state.git !== null, click: () => actions.cancelBuild() },
        { label: 'Test', accelerator: 'CmdOrCtrl+T', enabled: state.git !== null, click: () => actions.runTests() },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        { role: 'toggleDevTools' },
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    { role: 'windowMenu' },
  ];
}
