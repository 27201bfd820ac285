import { access } from 'node:fs/promises';
import type { ProjectState } from '../../../shared/api.js';
import { ensureExampleProject } from './example-project.js';
import type { Workbench } from './workbench.js';

/**
 * What to open when the app starts: the folder asked for, else the most recent project that still
 * exists and loads, else the bundled example (created on first use).
 */
export async function openInitialProject(workbench: Workbench, dir?: string): Promise<ProjectState> {
  if (dir) return workbench.operations.openProject({ dir });
  for (const recent of await workbench.operations.recentProjects({})) {
    if (!(await access(recent.dir).then(() => true, () => false))) continue;
    const opened = await workbench.operations.openProject({ dir: recent.dir }).catch(() => null);
    if (opened) return opened;
  }
  return workbench.operations.openProject({ dir: await ensureExampleProject() });
}
