import { dialog, Menu, type BrowserWindow } from 'electron';
import type { ApiResult, GitState, RecentProject } from '../../shared/api.js';
import type { WorkbenchApi } from '../core/workbench/workbench-api.js';
import { menuTemplate, type MenuActions } from './app-menu.js';

/**
 * Keeps the application menu in step with the workbench (recent projects, branches) and carries out
 * its commands through the same operations the UI calls. Failures are shown in a native dialog.
 */
export function startMenuController(workbench: WorkbenchApi, window: () => BrowserWindow | null): void {
  const call = async (name: string, args: unknown = {}): Promise<unknown> => {
    const result: ApiResult<unknown> = await workbench.dispatch(name, args);
    if (!result.ok) {
      const win = window();
      const box = { type: 'error' as const, title: 'Assay', message: `${name} failed`, detail: result.error };
      background(win ? dialog.showMessageBox(win, box) : dialog.showMessageBox(box));
      return null;
    }
    return result.value;
  };

  const refresh = async (): Promise<void> => {
    const recent = ((await workbench.dispatch('recentProjects', {})) as ApiResult<RecentProject[]>);
    const git = ((await workbench.dispatch('gitState', {})) as ApiResult<GitState>);
    const actions: MenuActions = {
      openFolder: () => background(openFolder()),
      openProject: (dir) => background(call('openProject', { dir })),
      switchBranch: (branch) => background(switchBranch(branch, git.ok ? git.value : null)),
      build: () => background(call('startBuild', {})),
      cancelBuild: () => background(call('cancelBuild', {})),
      runTests: () => background(call('runTests', {})),
    };
    const state = { recent: recent.ok ? recent.value : [], git: git.ok ? git.value : null, platform: process.platform };
    Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(state, actions)));
  };

  const openFolder = async (): Promise<void> => {
    const win = window();
    const options = { title: 'Open an analytics project', properties: ['openDirectory' as const] };
    const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
    const dir = picked.filePaths[0];
    if (!picked.canceled && dir) await call('openProject', { dir });
  };

  // Switching never discards work: with uncommitted files the user chooses to stash them or stay.
  const switchBranch = async (branch: string, git: GitState | null): Promise<void> => {
    if (git && git.changed.length > 0) {
      const win = window();
      const box = {
        type: 'question' as const,
        buttons: ['Stash changes and switch', 'Cancel'],
        defaultId: 1,
        cancelId: 1,
        message: `Switch to '${branch}'?`,
        detail: `${git.changed.length} file(s) have uncommitted changes:\n${git.changed.slice(0, 12).join('\n')}\n\nThey will be stashed (not discarded) and restored when you come back to '${git.branch}'.`,
      };
      const answer = win ? await dialog.showMessageBox(win, box) : await dialog.showMessageBox(box);
      if (answer.response !== 0) return refresh();
      await call('switchBranch', { branch, stash: true });
    } else {
      await call('switchBranch', { branch });
    }
    await refresh();
  };

  workbench.onEvent((event) => {
    if (event.event === 'project' || event.event === 'git') background(refresh());
  });
  background(refresh());
}

/** Menu commands run detached from the click; a failure is logged rather than left unhandled. */
function background(task: Promise<unknown>): void {
  task.catch((err: unknown) => process.stderr.write(`assay: menu command failed: ${err instanceof Error ? err.message : String(err)}\n`));
}
